import { readFileSync } from 'node:fs';
import { parse } from 'ltx';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { NS_EXTDISCO_2 } from '../../../../src/jingle/ns.js';
import { parseServices, refreshDelay, toIceServers } from '../../../../src/jingle/extdisco.js';
import type { ExtService } from '../../../../src/jingle/extdisco.js';

const fixture = (name: string): Element => {
  const iq = parse(readFileSync(new URL(`../../../fixtures/xep-examples/${name}`, import.meta.url), 'utf8'));
  const [services] = iq.getChildElements();
  if (!services) throw new Error(`${name} has no child`);
  return services;
};

describe('parseServices on the XEP-0215 examples', () => {
  it('example 2 (all services)', () => {
    expect(parseServices(fixture('0215-ex2.xml'), NS_EXTDISCO_2)).toEqual([
      { type: 'stun', host: 'stun.shakespeare.lit', port: 9998, transport: 'udp', restricted: false },
      {
        type: 'turn',
        host: 'relay.shakespeare.lit',
        port: 9999,
        transport: 'udp',
        username: 'nb78932lkjlskjfdb7g8',
        password: 'jj929jkj5sadjfj93v3n',
        restricted: false,
      },
      { type: 'stun', host: '192.0.2.1', port: 8888, transport: 'udp', restricted: false },
      {
        type: 'turn',
        host: '192.0.2.1',
        port: 8889,
        transport: 'udp',
        username: 'auu98sjl2wk3e9fjdsl7',
        password: '93jn3bakj9s832lrjbbz',
        restricted: false,
      },
      {
        type: 'ftp',
        host: 'ftp.shakespeare.lit',
        port: 20,
        transport: 'tcp',
        username: 'guest',
        password: 'guest',
        restricted: false,
        name: 'Shakespearean File Server',
      },
    ]);
  });

  it('example 2 maps to RTCIceServers (ftp dropped, stun without query)', () => {
    expect(toIceServers(parseServices(fixture('0215-ex2.xml'), NS_EXTDISCO_2))).toEqual([
      { urls: 'stun:stun.shakespeare.lit:9998' },
      {
        urls: 'turn:relay.shakespeare.lit:9999?transport=udp',
        username: 'nb78932lkjlskjfdb7g8',
        credential: 'jj929jkj5sadjfj93v3n',
      },
      { urls: 'stun:192.0.2.1:8888' },
      {
        urls: 'turn:192.0.2.1:8889?transport=udp',
        username: 'auu98sjl2wk3e9fjdsl7',
        credential: '93jn3bakj9s832lrjbbz',
      },
    ]);
  });

  it('example 7 (credentials answer without port)', () => {
    expect(parseServices(fixture('0215-ex7.xml'), NS_EXTDISCO_2)).toEqual([
      {
        type: 'turn',
        host: 'turn.shakespeare.lit',
        username: 'nb78932lkjlskjfdb7g8',
        password: 'jj929jkj5sadjfj93v3n',
        restricted: false,
      },
    ]);
  });

  it('parses expires and restricted; drops entries without type or host and bad ports', () => {
    const el = parse(`<services xmlns='urn:xmpp:extdisco:2'>
      <service type='turn' host='t.example' port='3478' transport='udp' restricted='1' expires='2026-11-26T08:00:00Z'/>
      <service type='turn' port='1'/><service host='h'/>
      <service type='stun' host='s.example' port='99999'/>
    </services>`);
    expect(parseServices(el, NS_EXTDISCO_2)).toEqual([
      {
        type: 'turn',
        host: 't.example',
        port: 3478,
        transport: 'udp',
        restricted: true,
        expires: Date.parse('2026-11-26T08:00:00Z'),
      },
      { type: 'stun', host: 's.example', restricted: false },
    ]);
  });
});

describe('toIceServers mapping (docs/reference/xep-rules.md §12)', () => {
  const creds = { username: 'u', password: 'p', restricted: false };
  it.each<[string, ExtService, RTCIceServer[]]>([
    [
      'stun udp',
      { type: 'stun', host: 'h', port: 3478, transport: 'udp', restricted: false },
      [{ urls: 'stun:h:3478' }],
    ],
    ['stun without transport or port', { type: 'stun', host: 'h', restricted: false }, [{ urls: 'stun:h' }]],
    [
      'stun over tcp is skipped',
      { type: 'stun', host: 'h', port: 3478, transport: 'tcp', restricted: false },
      [],
    ],
    ['stuns is skipped', { type: 'stuns', host: 'h', port: 5349, restricted: false }, []],
    [
      'turn udp',
      { type: 'turn', host: 'h', port: 3478, transport: 'udp', ...creds },
      [{ urls: 'turn:h:3478?transport=udp', username: 'u', credential: 'p' }],
    ],
    [
      'turn tcp',
      { type: 'turn', host: 'h', port: 3478, transport: 'tcp', ...creds },
      [{ urls: 'turn:h:3478?transport=tcp', username: 'u', credential: 'p' }],
    ],
    [
      'turn without transport',
      { type: 'turn', host: 'h', port: 3478, ...creds },
      [{ urls: 'turn:h:3478', username: 'u', credential: 'p' }],
    ],
    [
      'turn with an unknown transport',
      { type: 'turn', host: 'h', port: 3478, transport: 'sctp', ...creds },
      [],
    ],
    [
      'turn without credentials',
      { type: 'turn', host: 'h', port: 3478, transport: 'udp', restricted: true },
      [],
    ],
    [
      'turns tcp',
      { type: 'turns', host: 'h', port: 5349, transport: 'tcp', ...creds },
      [{ urls: 'turns:h:5349?transport=tcp', username: 'u', credential: 'p' }],
    ],
    ['turns over udp is skipped', { type: 'turns', host: 'h', port: 5349, transport: 'udp', ...creds }, []],
    [
      'turns without credentials',
      { type: 'turns', host: 'h', port: 5349, transport: 'tcp', restricted: false },
      [],
    ],
    [
      'IPv6 host gets brackets',
      { type: 'stun', host: '::1', port: 3478, restricted: false },
      [{ urls: 'stun:[::1]:3478' }],
    ],
  ])('%s', (_name, service, expected) => {
    expect(toIceServers([service])).toEqual(expected);
  });

  it('merges duplicates', () => {
    const s: ExtService = { type: 'stun', host: 'h', port: 1, restricted: false };
    expect(toIceServers([s, { ...s }])).toEqual([{ urls: 'stun:h:1' }]);
  });
});

describe('refreshDelay', () => {
  const turn = (expires?: number): ExtService => ({
    type: 'turn',
    host: 'h',
    restricted: false,
    ...(expires !== undefined ? { expires } : {}),
  });
  it.each<[string, ExtService[], number | undefined]>([
    ['nothing expires', [turn()], undefined],
    ['one day left: refresh one minute early', [turn(86_400_000)], 86_340_000],
    ['100 s left: keep a fifth as margin', [turn(100_000)], 80_000],
    ['earliest entry wins', [turn(100_000), turn(86_400_000)], 80_000],
    ['already expired: now', [turn(-5)], 0],
    ['stun expiry is ignored', [{ type: 'stun', host: 'h', restricted: false, expires: 10 }], undefined],
  ])('%s', (_name, services, expected) => {
    expect(refreshDelay(services, 0)).toBe(expected);
  });
});
