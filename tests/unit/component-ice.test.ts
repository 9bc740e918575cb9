import fc from 'fast-check';
import { parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/component/config.js';
import { GuestRegistry } from '../../src/component/guest/registry.js';
import type { ServerMessage } from '../../src/component/guest/protocol.js';
import type { Timers } from '../../src/component/guest/session.js';
import { GuestIceServers, ICE_RETRY_MS } from '../../src/component/ice.js';
import {
  parseIceServersJson,
  turnRestCredentials,
  turnRestServices,
  validateIceServers,
  type IceSettings,
} from '../../src/component/ice-config.js';
import { LinkUses } from '../../src/component/link-uses.js';
import { RateLimiter } from '../../src/component/rate-limit.js';
import { StanzaError } from '../../src/component/iq-requests.js';
import { toIceServers } from '../../src/jingle/extdisco.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('username <expiry>:<user>, password base64(HMAC-SHA1(secret, username)) (vector from openssl dgst)', () => {
    expect(turnRestCredentials('coturn-secret', 'guest-ab12', 1700086400)).toEqual({
      username: '1700086400:guest-ab12',
      password: 'NPkZ373qxDy/JbyrVuvg4SAbJLE=',
    });
  });

  it('map through the one XEP-0215 mapping to stun, turn udp and turn tcp', () => {
    const turn = { host: '::1', port: 3478, secret: 's', ttlSeconds: 600 };
    const exp = T0 / 1000 + 600;
    const { username, password } = turnRestCredentials('s', 'guest-1', exp);
    expect(toIceServers(turnRestServices(turn, 'guest-1', T0 + 999))).toEqual([
      { urls: 'stun:[::1]:3478' },
      { urls: 'turn:[::1]:3478?transport=udp', username, credential: password },
      { urls: 'turn:[::1]:3478?transport=tcp', username, credential: password },
    ]);
  });
});

describe('validateIceServers (--ice-servers JSON)', () => {
  it.each([
    ['one STUN URL', [{ urls: 'stun:stun.example.com:3478' }], [{ urls: 'stun:stun.example.com:3478' }]],
    [
      'urls arrays split, credentials copied',
      [
        {
          urls: ['turn:t.example:3478?transport=udp', 'turns:t.example:5349'],
          username: 'u',
          credential: 'p',
        },
      ],
      [
        { urls: 'turn:t.example:3478?transport=udp', username: 'u', credential: 'p' },
        { urls: 'turns:t.example:5349', username: 'u', credential: 'p' },
      ],
    ],
    [
      'STUN credentials are dropped',
      [{ urls: 'stun:[::1]', username: 'u', credential: 'p' }],
      [{ urls: 'stun:[::1]' }],
    ],
    ['empty list', [], []],
  ])('%s', (_name, input, servers) => {
    expect(validateIceServers(input)).toEqual({ ok: true, servers });
  });

  it.each([
    ['not an array', { urls: 'stun:a' }, 'must be a JSON array of {urls, username?, credential?}'],
    ['entry not an object', ['stun:a'], 'entry 0 is not an object'],
    [
      'unknown field',
      [{ urls: 'stun:a', credentialType: 'password' }],
      'entry 0 has an unknown field "credentialType"',
    ],
    ['no urls', [{}], 'entry 0: "urls" must be a URL or a non-empty array of URLs'],
    ['empty urls', [{ urls: [] }], 'entry 0: "urls" must be a URL or a non-empty array of URLs'],
    [
      'query on stun',
      [{ urls: 'stun:a:3478?transport=udp' }],
      'entry 0: "stun:a:3478?transport=udp" is not a stun:host[:port] or turn(s):host[:port][?transport=udp|tcp] URL',
    ],
    [
      'other scheme',
      [{ urls: 'http://a' }],
      'entry 0: "http://a" is not a stun:host[:port] or turn(s):host[:port][?transport=udp|tcp] URL',
    ],
    [
      'TURN without credential',
      [{ urls: 'turn:a', username: 'u' }],
      'entry 0: TURN URL "turn:a" needs "username" and "credential"',
    ],
    [
      'control character',
      [{ urls: 'turn:a', username: 'u\n', credential: 'p' }],
      'entry 0: "username" must be a string of at most 512 characters',
    ],
    ['too many', Array.from({ length: 17 }, () => ({ urls: 'stun:a' })), 'at most 16 URLs'],
  ])('refuses %s', (_name, input, error) => {
    expect(validateIceServers(input)).toEqual({ ok: false, error });
  });

  it('parseIceServersJson refuses non-JSON', () => {
    expect(parseIceServersJson('[{urls:')).toEqual({ ok: false, error: 'is not valid JSON' });
  });

  it('never throws, and what it accepts it accepts again unchanged (property)', () => {
    const entry = fc.record(
      {
        urls: fc.oneof(
          fc.string(),
          fc.constantFrom('stun:h', 'turn:h:1?transport=tcp', 'turns:h'),
          fc.array(fc.string()),
        ),
        username: fc.oneof(fc.string(), fc.integer()),
        credential: fc.string(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.array(entry)), (value) => {
        const r = validateIceServers(value);
        if (r.ok) expect(validateIceServers(r.servers)).toEqual(r);
      }),
    );
  });
});

/** Fake XEP-0114 link: answers IQs from a script and records what was asked. */
function harness(settings?: IceSettings) {
  const asked: string[] = [];
  const logs: string[] = [];
  const answers: Array<(iq: Element) => Element> = [];
  let now = T0;
  let timer: { fn: () => void; ms: number } | undefined;
  const timers: Timers = {
    setTimeout: (fn, ms) => ((timer = { fn, ms }), 1),
    clearTimeout: () => (timer = undefined),
  };
  const ice = new GuestIceServers(settings, {
    request: async (iq) => {
      asked.push(iq.toString());
      const answer = answers.shift();
      if (answer === undefined) throw new Error('unexpected request');
      const reply = answer(iq);
      if (reply.attrs['type'] === 'error') throw new StanzaError('forbidden', 'auth', reply);
      return reply;
    },
    componentDomain: 'bridge.example.com',
    userDomain: 'example.com',
    now: () => now,
    timers,
    log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) },
  });
  const result = (inner: string) => (iq: Element) =>
    parse(`<iq type='result' from='example.com' id='${String(iq.attrs['id'])}'>${inner}</iq>`);
  const forbidden = () =>
    parse(
      `<iq type='error' from='example.com'><error type='auth'><forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
    );
  return {
    ice,
    asked,
    logs,
    answers,
    result,
    forbidden,
    timer: () => timer,
    setNow: (t: number) => (now = t),
  };
}

const EXPIRES = '2026-01-01T01:00:00Z';
const SERVICES_2 =
  `<services xmlns='urn:xmpp:extdisco:2'>` +
  `<service type='stun' host='turn.example.com' port='3478' transport='udp'/>` +
  `<service type='turn' host='turn.example.com' port='3478' transport='udp' username='1767229200' password='pw' expires='${EXPIRES}'/>` +
  `</services>`;
const ASK_2 = `<iq type="get" to="example.com" from="bridge.example.com"><services xmlns="urn:xmpp:extdisco:2"/></iq>`;
const ASK_1 = `<iq type="get" to="example.com" from="bridge.example.com"><services xmlns="urn:xmpp:extdisco:1"/></iq>`;

describe('GuestIceServers from XEP-0215', () => {
  it('asks the user domain, maps the answer, refreshes before expiry and drops expired entries', async () => {
    const h = harness();
    h.answers.push(h.result(SERVICES_2));
    await h.ice.refresh();
    const servers = [
      { urls: 'stun:turn.example.com:3478' },
      { urls: 'turn:turn.example.com:3478?transport=udp', username: '1767229200', credential: 'pw' },
    ];
    expect([h.asked, h.ice.forGuest('guest-1'), h.timer()?.ms, h.logs]).toEqual([
      [ASK_2],
      servers,
      3_600_000 - 60_000,
      ['info: guests get 2 STUN/TURN server(s) from example.com (XEP-0215)'],
    ]);
    h.setNow(Date.parse(EXPIRES));
    expect(h.ice.forGuest('guest-1')).toEqual([{ urls: 'stun:turn.example.com:3478' }]);
    h.answers.push(h.result(SERVICES_2.replaceAll('pw', 'pw2').replace(EXPIRES, '2026-01-01T02:00:00Z')));
    h.timer()?.fn();
    await new Promise((r) => setTimeout(r, 0));
    expect([h.asked.length, h.ice.forGuest('g')[1], h.logs.length]).toEqual([
      2,
      { urls: 'turn:turn.example.com:3478?transport=udp', username: '1767229200', credential: 'pw2' },
      1,
    ]);
  });

  it('Prosody 0.12 answers components <forbidden/> on :2 and :1: one warning, no servers, retry later', async () => {
    const h = harness();
    h.answers.push(h.forbidden, h.forbidden);
    await h.ice.refresh();
    const warning =
      'warn: XMPP server example.com refused STUN/TURN discovery (XEP-0215): forbidden (auth); guests get no STUN/TURN. ' +
      'Set --turn-server and --turn-secret, or --ice-servers (docs/component.md "ICE servers for guests")';
    expect([h.asked, h.ice.forGuest('guest-1'), h.timer()?.ms, h.logs]).toEqual([
      [ASK_2, ASK_1],
      [],
      ICE_RETRY_MS,
      [warning],
    ]);
    h.answers.push(h.forbidden, h.forbidden);
    await h.ice.refresh();
    expect(h.logs).toEqual([warning]);
  });

  it('an empty answer: no servers, a warning, no refresh timer (nothing expires)', async () => {
    const h = harness();
    h.answers.push(h.result(`<services xmlns='urn:xmpp:extdisco:2'/>`));
    await h.ice.refresh();
    expect([h.ice.forGuest('g'), h.timer(), h.logs]).toEqual([
      [],
      undefined,
      [
        'warn: XMPP server example.com announces no usable STUN/TURN service (XEP-0215); guests behind NAT may fail to connect',
      ],
    ]);
  });

  it('asks <credentials/> for restricted TURN entries (XEP-0215 §3.3)', async () => {
    const h = harness();
    h.answers.push(
      h.result(
        `<services xmlns='urn:xmpp:extdisco:2'><service type='turn' host='t.example' port='3478' transport='udp' restricted='1'/></services>`,
      ),
      h.result(
        `<credentials xmlns='urn:xmpp:extdisco:2'><service type='turn' host='t.example' port='3478' username='u' password='p'/></credentials>`,
      ),
    );
    await h.ice.refresh();
    expect([h.asked[1], h.ice.forGuest('g'), h.timer()]).toEqual([
      `<iq type="get" to="example.com" from="bridge.example.com"><credentials xmlns="urn:xmpp:extdisco:2"><service type="turn" host="t.example" port="3478"/></credentials></iq>`,
      [{ urls: 'turn:t.example:3478?transport=udp', username: 'u', credential: 'p' }],
      undefined,
    ]);
  });

  it('an answer arriving after stop() is ignored', async () => {
    const h = harness();
    h.answers.push(h.result(SERVICES_2));
    const pending = h.ice.refresh();
    h.ice.stop();
    await pending;
    expect([h.ice.forGuest('g'), h.timer(), h.logs]).toEqual([[], undefined, []]);
  });
});

describe('GuestIceServers from settings', () => {
  it('fixed entries plus credentials minted per guest; no XEP-0215 request', async () => {
    const turn = { host: '127.0.0.1', port: 3478, secret: 'coturn-secret', ttlSeconds: 86_400 };
    const h = harness({ servers: [{ urls: 'stun:stun.example.com' }], turn });
    await h.ice.refresh();
    const exp = T0 / 1000 + 86_400;
    const { username, password } = turnRestCredentials('coturn-secret', 'guest-ab', exp);
    expect([h.ice.source, h.asked, h.ice.forGuest('guest-ab')]).toEqual([
      'settings',
      [],
      [
        { urls: 'stun:stun.example.com' },
        { urls: 'stun:127.0.0.1:3478' },
        { urls: 'turn:127.0.0.1:3478?transport=udp', username, credential: password },
        { urls: 'turn:127.0.0.1:3478?transport=tcp', username, credential: password },
      ],
    ]);
    expect(username).toEqual(`${exp}:guest-ab`);
  });
});

describe('ready.iceServers', () => {
  it('the registry puts the source’s list for that guest into ready', () => {
    const reg = new GuestRegistry({
      domain: 'bridge.localhost',
      linkUses: new LinkUses(),
      callLimiter: new RateLimiter({ capacity: 5, periodMs: 60_000 }),
      ringTimeoutMs: 60_000,
      newId: () => 'g1',
      iceServers: (s) => [{ urls: 'turn:t:1?transport=udp', username: `1:${s.id}`, credential: 'c' }],
    });
    const sent: ServerMessage[] = [];
    const s = reg.open({ owner: 'alice@localhost', expiresAt: 1e12, use: 'multiple', id: 'L' }, '10.0.0.1', {
      send: (m) => sent.push(m),
      close: () => undefined,
    });
    s.receive(JSON.stringify({ type: 'hello', name: 'Ada' }));
    expect(sent).toEqual([
      {
        type: 'ready',
        jid: 'guest-g1@bridge.localhost/web',
        iceServers: [{ urls: 'turn:t:1?transport=udp', username: '1:g1', credential: 'c' }],
      },
    ]);
  });
});

describe('settings', () => {
  const base = {
    JB_COMPONENT_DOMAIN: 'bridge.localhost',
    JB_COMPONENT_SECRET: 's',
    JB_COMPONENT_LINK_KEY: 'k'.repeat(32),
  };
  it('--turn-server + JB_COMPONENT_TURN_SECRET + --ice-servers', () => {
    const r = parseConfig(['--turn-server', '[::1]:3478', '--ice-servers', '[{"urls":"stun:s.example"}]'], {
      ...base,
      JB_COMPONENT_TURN_SECRET: 'sec',
      JB_COMPONENT_TURN_TTL: '3600',
    });
    expect(r.kind === 'config' ? r.config.ice : r).toEqual({
      servers: [{ urls: 'stun:s.example' }],
      turn: { host: '::1', port: 3478, secret: 'sec', ttlSeconds: 3600 },
    });
  });

  it('none given: no ice settings (XEP-0215 is used)', () => {
    const r = parseConfig([], base);
    expect(r.kind === 'config' ? r.config.ice : r).toEqual(undefined);
  });

  it('bad values name the flag and the variable', () => {
    expect(parseConfig(['--turn-server', 'nohost', '--ice-servers', '{}', '--turn-ttl', '5'], base)).toEqual({
      kind: 'error',
      errors: [
        '--ice-servers / JB_COMPONENT_ICE_SERVERS must be a JSON array of {urls, username?, credential?}',
        '--turn-server / JB_COMPONENT_TURN_SERVER must be host:port (e.g. turn.example.com:3478), got "nohost"',
        '--turn-server / JB_COMPONENT_TURN_SERVER and --turn-secret / JB_COMPONENT_TURN_SECRET go together',
        '--turn-ttl / JB_COMPONENT_TURN_TTL must be whole seconds 60-604800, got "5"',
      ],
    });
  });
});
