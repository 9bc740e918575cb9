// The command line itself: help, usage errors (exit 2), unreadable input (exit 1).
import { beforeAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../../src/cli/usage.js';
import { buildCli, cli } from './run-cli.js';

beforeAll(buildCli, 180_000);

const see = ' (see jingle-bridge --help)\n';

describe('jingle-bridge help', () => {
  it('with no arguments prints the usage to stderr and exits 2', () => {
    expect(cli([])).toEqual({ code: 2, stdout: '', stderr: USAGE });
  });

  it.each([[['--help']], [['-h']], [['sdp-to-jingle', '--help']], [['jingle-to-sdp', '--role', 'x', '-h']]])(
    '%j prints the usage to stdout and exits 0',
    (args) => {
      expect(cli(args)).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    },
  );

  it('the usage names both commands and every option', () => {
    expect(USAGE.split('\n').slice(0, 4)).toEqual([
      'Usage:',
      '  jingle-bridge sdp-to-jingle --role initiator|responder [--keep-tcp] [FILE|-]',
      '  jingle-bridge jingle-to-sdp --role initiator|responder [--json] [FILE|-]',
      '  jingle-bridge --help',
    ]);
  });
});

describe('jingle-bridge usage errors exit 2 with one line on stderr', () => {
  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['--role', 'initiator'], 'unknown command "--role"'],
    [['sdp-to-jingle'], 'sdp-to-jingle needs --role initiator or --role responder'],
    [['jingle-to-sdp', 'x.xml'], 'jingle-to-sdp needs --role initiator or --role responder'],
    [['sdp-to-jingle', '--role'], '--role needs a value: initiator or responder'],
    [['sdp-to-jingle', '--role='], '--role needs a value: initiator or responder'],
    [['sdp-to-jingle', '--role', 'caller'], '--role must be initiator or responder, not "caller"'],
    [['sdp-to-jingle', '--role=initiator', '--role', 'responder'], '--role given twice'],
    [['jingle-to-sdp', '--role', 'initiator', '--keep-tcp'], 'unknown option "--keep-tcp" for jingle-to-sdp'],
    [['sdp-to-jingle', '--role', 'initiator', '--json'], 'unknown option "--json" for sdp-to-jingle'],
    [['sdp-to-jingle', '--role', 'initiator', '-x'], 'unknown option "-x" for sdp-to-jingle'],
    [
      ['sdp-to-jingle', '--role', 'initiator', 'a.sdp', 'b.sdp'],
      'one input expected, got "a.sdp" and "b.sdp"',
    ],
    [['sdp-to-jingle', '--role', 'initiator', '--', '-', '--x'], 'one input expected, got "-" and "--x"'],
  ])('%j', (args, message) => {
    expect(cli(args)).toEqual({ code: 2, stdout: '', stderr: `jingle-bridge: ${message}${see}` });
  });
});

describe('jingle-bridge unreadable input exits 1 naming the file', () => {
  it.each([
    ['sdp-to-jingle', 'tests/fixtures/cli/no-such.sdp', 'cannot read: no such file'],
    ['jingle-to-sdp', 'tests/fixtures/cli', 'cannot read: is a directory'],
  ])('%s %s', (command, file, message) => {
    expect(cli([command, '--role', 'initiator', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `jingle-bridge: ${file}: ${message}\n`,
    });
  });

  it.each(['sdp-to-jingle', 'jingle-to-sdp'])('%s on empty standard input', (command) => {
    expect(cli([command, '--role', 'responder'], ' \r\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'jingle-bridge: input is empty\n',
    });
  });
});
