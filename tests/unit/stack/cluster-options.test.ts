// `npm start -- --cluster N` (docs/running.md, "Cluster"): the option's parsing, with the same rules
// as every other option (flag or environment, flags win, a sentence naming the problem).
import { describe, expect, it } from 'vitest';
import { helpText, OptionError, parseOptions } from '../../../src/stack/options.js';

describe('--cluster', () => {
  it.each([
    [[], {}, 0],
    [['--cluster', '2'], {}, 2],
    [['--cluster=8'], {}, 8],
    [[], { JB_CLUSTER: '3' }, 3],
    [['--cluster', '2'], { JB_CLUSTER: '4' }, 2],
  ])('%j with %j -> %i nodes', (argv, env, nodes) => {
    expect(parseOptions(argv, env).cluster).toBe(nodes);
  });

  it.each([
    [['--cluster', '1'], {}, '--cluster must be a number of ejabberd nodes 2-8, not "1"'],
    [['--cluster', '9'], {}, '--cluster must be a number of ejabberd nodes 2-8, not "9"'],
    [['--cluster', 'two'], {}, '--cluster must be a number of ejabberd nodes 2-8, not "two"'],
    [['--cluster'], {}, '--cluster must be a number of ejabberd nodes 2-8, not ""'],
    [[], { JB_CLUSTER: '0' }, 'JB_CLUSTER must be a number of ejabberd nodes 2-8, not "0"'],
    [
      ['--cluster', '2', '--xmpp-service', 'wss://example.org/ws'],
      {},
      '--cluster and --xmpp-service exclude each other (one starts servers, the other uses yours)',
    ],
  ])('%j with %j is refused', (argv, env, message) => {
    expect(() => parseOptions(argv, env)).toThrow(new OptionError(message));
  });

  it('is in --help with its variable', () => {
    expect(
      helpText()
        .split('\n')
        .filter((l) => l.includes('--cluster')),
    ).toEqual([
      expect.stringMatching(/^ {2}--cluster N +JB_CLUSTER +N ejabberd nodes in one cluster \(2-8\)/),
    ]);
  });
});
