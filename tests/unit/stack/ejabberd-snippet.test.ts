// The README's ejabberd snippet made local (src/stack/ejabberd-config.ts): only ports, hosts and
// secrets change. A listener port that starts with the TURN placeholder's digits (34781 contains
// "port: 3478") once got the TURN port spliced into it, and ejabberd refused the config (seen in a
// CI rehearsal: "Invalid value of option listen->1->port").
import { describe, expect, it } from 'vitest';
import { localiseSnippet, readmeSnippet } from '../../../src/stack/ejabberd-config.js';

const settings = (httpPort: number, componentPort: number, turnPort: number) => ({
  domain: 'localhost',
  componentDomain: 'bridge.localhost',
  componentSecret: 'component-secret',
  httpPort,
  componentPort,
  apiPort: 5280,
  turn: { host: '127.0.0.1', port: turnPort, secret: 'turn-secret' },
});

const ports = (yaml: string) => [...yaml.matchAll(/^\s*port: (.*)$/gm)].map((m) => m[1]);

describe('the README ejabberd snippet, localised', () => {
  it.each([
    [34781, 34782, 40523],
    [43478, 3478, 34789],
    [5443, 5347, 3478],
  ])('listeners on %i and %i, TURN on %i: each port where it belongs', (http, component, turn) => {
    const y = localiseSnippet(readmeSnippet(), settings(http, component, turn));
    expect(ports(y)).toEqual([String(http), String(component), String(turn), String(turn)]);
  });
});
