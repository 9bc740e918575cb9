import { describe, expect, it } from 'vitest';
import { GuestRegistry } from '../../../src/component/guest/registry.js';
import type { ServerMessage } from '../../../src/component/guest/protocol.js';
import { InvalidStateError } from '../../../src/jingle/errors.js';
import type { Timers } from '../../../src/component/guest/session.js';
import type { SharedLinkStore } from '../../../src/component/link-store.js';
import { LinkUses } from '../../../src/component/link-uses.js';
import { RateLimiter } from '../../../src/component/rate-limit.js';
import type { CallLink } from '../../../src/component/token.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const LINK: CallLink = { owner: 'alice@localhost', expiresAt: 10_000_000, use: 'single', id: 'L1' };
const CAND = {
  candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: null,
};

/**
 * A registry with fake timers and sockets; `log` records everything that happens, in order.
 * `fire()` runs the newest pending timer; `idle` turns the idle timer on (off by default here).
 */
function setup(
  opts: { wired?: boolean; calls?: number; idle?: number; now?: () => number; store?: SharedLinkStore } = {},
) {
  const log: unknown[] = [];
  const pending = new Map<number, () => void>();
  let handles = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending.set(++handles, fn), log.push(['timer', ms]), handles),
    clearTimeout: (h) => (pending.delete(h as number), log.push(['cleared'])),
  };
  const fire = () => {
    const newest = [...pending.keys()].at(-1);
    if (newest === undefined) return;
    const fn = pending.get(newest);
    pending.delete(newest);
    fn?.();
  };
  const uses = new LinkUses(opts.store, { warn: () => undefined });
  let ids = 0;
  const reg = new GuestRegistry({
    domain: 'bridge.localhost',
    linkUses: uses,
    callLimiter: new RateLimiter({ capacity: opts.calls ?? 5, periodMs: 60_000 }),
    ringTimeoutMs: 60_000,
    idleTimeoutMs: opts.idle ?? 0,
    now: opts.now ?? (() => 0),
    timers,
    newId: () => `g${++ids}`,
  });
  if (opts.wired !== false) reg.on('offer', (s, sdp) => log.push(['offer', s.jid, s.name, sdp]));
  reg.on('candidate', (s, c) => log.push(['candidate', s.jid, c]));
  reg.on('ended', (s, r, by) => log.push(['ended', s.jid, r, by]));
  const open = (link = LINK) => {
    const sent: Array<ServerMessage | ['close', number, string]> = [];
    const s = reg.open(link, '10.0.0.1', {
      send: (m) => sent.push(m),
      close: (c, r) => sent.push(['close', c, r]),
    });
    return { s, sent, say: (m: object) => s.receive(JSON.stringify(m)) };
  };
  return { reg, uses, log, open, fire, pending: () => pending.size };
}

describe('A guest session', () => {
  it('hello -> ready, offer -> call placed, ringing, answer, candidates both ways, hangup', () => {
    const { open, log, uses, reg } = setup();
    const { s, sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'offer', sdp: SDP });
    say({ type: 'candidate', ...CAND });
    s.ringing();
    s.answer('v=0\r\nanswer\r\n');
    s.candidate(CAND);
    say({ type: 'hangup' });
    expect(sent).toEqual([
      { type: 'ready', jid: 'guest-g1@bridge.localhost/web' },
      { type: 'ringing' },
      { type: 'answer', sdp: 'v=0\r\nanswer\r\n' },
      { type: 'candidate', ...CAND },
      { type: 'ended', reason: 'success', text: 'The guest hung up' },
      ['close', 1000, 'ended'],
    ]);
    expect(log).toEqual([
      ['timer', 60_000],
      ['offer', 'guest-g1@bridge.localhost/web', 'Ada', SDP],
      ['candidate', 'guest-g1@bridge.localhost/web', CAND],
      ['cleared'],
      [
        'ended',
        'guest-g1@bridge.localhost/web',
        { condition: 'success', text: 'The guest hung up' },
        'guest',
      ],
    ]);
    expect([s.state, reg.size, uses.isTaken('L1', 0)]).toEqual(['ended', 0, true]);
  });

  it('no answer within the ring timeout -> ended timeout, and the single-use link is free again', () => {
    const { open, fire, log, uses } = setup();
    const { sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'offer', sdp: SDP });
    fire();
    expect(sent).toEqual([
      { type: 'ready', jid: 'guest-g1@bridge.localhost/web' },
      { type: 'ended', reason: 'timeout', text: 'No answer' },
      ['close', 1000, 'ended'],
    ]);
    expect(log.at(-1)).toEqual([
      'ended',
      'guest-g1@bridge.localhost/web',
      { condition: 'timeout', text: 'No answer' },
      'server',
    ]);
    expect(uses.isTaken('L1', 0)).toEqual(false);
  });

  it('offer before hello is out-of-order: error, close 1008, and a second guest is untouched', () => {
    const { open } = setup();
    const a = open();
    const b = open({ ...LINK, use: 'multiple' });
    b.say({ type: 'hello', name: 'Bob' });
    a.say({ type: 'offer', sdp: SDP });
    b.say({ type: 'offer', sdp: SDP });
    expect(a.sent).toEqual([
      { type: 'error', code: 'out-of-order', message: '"offer" is not allowed in state awaiting-hello' },
      ['close', 1008, 'out-of-order'],
    ]);
    expect([b.sent, b.s.state]).toEqual([
      [{ type: 'ready', jid: 'guest-g2@bridge.localhost/web' }],
      'calling',
    ]);
  });

  it.each([
    ['malformed JSON', '{', { type: 'error', code: 'bad-message', message: 'not JSON' }, 1008],
    [
      'a second hello',
      JSON.stringify({ type: 'hello', name: 'Ada' }),
      { type: 'error', code: 'out-of-order', message: '"hello" is not allowed in state ready' },
      1008,
    ],
    [
      'a candidate before the offer',
      JSON.stringify({ type: 'candidate', ...CAND }),
      { type: 'error', code: 'out-of-order', message: '"candidate" is not allowed in state ready' },
      1008,
    ],
    [
      'an oversized message',
      'x'.repeat(100 * 1024),
      { type: 'error', code: 'too-large', message: 'messages are limited to 98304 bytes' },
      1009,
    ],
  ])('after hello, %s -> error and close', (_name, data, error, code) => {
    const { open } = setup();
    const { s, sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    s.receive(data);
    expect(sent.slice(1)).toEqual([error, ['close', code, error.code]]);
  });

  it('a single-use link in a ringing call cannot be used by a second guest', () => {
    const { open } = setup();
    const a = open();
    const b = open();
    for (const g of [a, b]) g.say({ type: 'hello', name: 'G' });
    a.say({ type: 'offer', sdp: SDP });
    b.say({ type: 'offer', sdp: SDP });
    expect(b.sent.slice(1)).toEqual([
      { type: 'ended', reason: 'expired', text: 'This call link has already been used' },
      ['close', 1000, 'ended'],
    ]);
    expect(a.s.state).toEqual('calling');
  });

  describe('with a store shared by several instances (docs/scaling.md)', () => {
    /** A store whose claims wait for the test to answer them, as Redis's would. */
    function slowStore() {
      const calls: string[] = [];
      const answers: Array<(won: boolean) => void> = [];
      const store: SharedLinkStore = {
        claim: (id) => (calls.push(`claim ${id}`), new Promise<boolean>((r) => answers.push(r))),
        release: async (id) => void calls.push(`release ${id}`),
        commit: async (id) => void calls.push(`commit ${id}`),
        subscribe: () => undefined,
        close: () => undefined,
      };
      return {
        store,
        calls,
        answer: async (won: boolean) => (answers.shift()?.(won), await new Promise((r) => setTimeout(r, 0))),
      };
    }

    /** A guest on a registry with a slow store, who said hello and sent an offer: the claim is on its way. */
    function offered() {
      const st = slowStore();
      const { open, log } = setup({ store: st.store });
      const guest = open();
      guest.say({ type: 'hello', name: 'Ada' });
      guest.say({ type: 'offer', sdp: SDP });
      const offers = () => log.some((l) => (l as unknown[])[0] === 'offer');
      return { st, log, offers, ...guest };
    }

    it('the call is placed once the store grants the link; candidates sent meanwhile follow the offer', async () => {
      const { st, log, s, sent, say } = offered();
      say({ type: 'candidate', ...CAND });
      const waiting = { state: s.state, log: [...log] };
      await st.answer(true);
      expect({ waiting, log, sent: sent.slice(1), calls: st.calls }).toEqual({
        waiting: { state: 'calling', log: [['timer', 60_000]] },
        log: [
          ['timer', 60_000],
          ['offer', 'guest-g1@bridge.localhost/web', 'Ada', SDP],
          ['candidate', 'guest-g1@bridge.localhost/web', CAND],
        ],
        sent: [],
        calls: ['claim L1'],
      });
    });

    it('another instance claimed the link a moment earlier: refused as used, nothing rings, nothing released', async () => {
      const { st, offers, sent, say } = offered();
      say({ type: 'candidate', ...CAND });
      await st.answer(false);
      expect({
        sent: sent.slice(1),
        offered: offers(),
        calls: st.calls,
      }).toEqual({
        sent: [
          { type: 'ended', reason: 'expired', text: 'This call link has already been used' },
          ['close', 1000, 'ended'],
        ],
        offered: false,
        calls: ['claim L1'],
      });
    });

    it('the guest hangs up while the store decides: the claim is released and the late grant places no call', async () => {
      const { st, offers, sent, say } = offered();
      say({ type: 'hangup' });
      await st.answer(true);
      expect({
        sent: sent.slice(1),
        offered: offers(),
        calls: st.calls,
      }).toEqual({
        sent: [
          { type: 'ended', reason: 'cancel', text: 'The guest hung up before the call was answered' },
          ['close', 1000, 'ended'],
        ],
        offered: false,
        calls: ['claim L1', 'release L1'],
      });
    });
  });

  it('the call rate limit trips per address', () => {
    const { open } = setup({ calls: 1 });
    const a = open({ ...LINK, use: 'multiple' });
    const b = open({ ...LINK, use: 'multiple' });
    for (const g of [a, b]) g.say({ type: 'hello', name: 'G' });
    a.say({ type: 'offer', sdp: SDP });
    b.say({ type: 'offer', sdp: SDP });
    expect(b.sent.slice(1)).toEqual([
      {
        type: 'error',
        code: 'rate-limited',
        message: 'Too many calls from your address; try again in a minute',
      },
      ['close', 1008, 'rate-limited'],
    ]);
  });

  it('without a call layer listening, an offer ends the call with a plain reason', () => {
    const { open } = setup({ wired: false });
    const { sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'offer', sdp: SDP });
    expect(sent.slice(1)).toEqual([
      { type: 'ended', reason: 'failed-application', text: 'This call server cannot place calls yet' },
      ['close', 1000, 'ended'],
    ]);
  });

  it('endAll tells every guest the call server restarted', () => {
    const { open, reg } = setup();
    const a = open();
    a.say({ type: 'hello', name: 'Ada' });
    reg.endAll({ condition: 'connectivity-error', text: 'the call server restarted' });
    expect([a.sent.slice(1), reg.size]).toEqual([
      [
        { type: 'ended', reason: 'connectivity-error', text: 'the call server restarted' },
        ['close', 1000, 'ended'],
      ],
      0,
    ]);
  });

  it('answer() outside a call is API misuse (InvalidStateError)', () => {
    const { open } = setup();
    expect(() => open().s.answer(SDP)).toThrow(InvalidStateError);
  });

  it('a socket closed by the guest ends the session as gone, telling the call layer', () => {
    const { open, log } = setup();
    const { s } = open();
    s.closed();
    expect(log).toEqual([
      [
        'ended',
        'guest-g1@bridge.localhost/web',
        { condition: 'gone', text: 'The guest closed the page' },
        'guest',
      ],
    ]);
  });
});

describe('A guest session that stays open (issue #11, item 8)', () => {
  it('a link that expired while the socket was open cannot ring the owner: link-refused, close 1008', () => {
    let now = 0;
    const { open, log } = setup({ now: () => now });
    const { sent, say } = open({ ...LINK, expiresAt: 5_000 });
    say({ type: 'hello', name: 'Ada' });
    now = 5_000;
    say({ type: 'offer', sdp: SDP });
    expect(sent).toEqual([
      { type: 'ready', jid: 'guest-g1@bridge.localhost/web' },
      { type: 'error', code: 'link-refused', message: 'This call link has expired' },
      ['close', 1008, 'link-refused'],
    ]);
    // No offer event: the call layer never proposes the call.
    expect(log).toEqual([
      [
        'ended',
        'guest-g1@bridge.localhost/web',
        { condition: 'failed-application', text: 'The guest page sent an invalid message' },
        'guest',
      ],
    ]);
  });

  it('a link still valid at the offer places the call', () => {
    let now = 0;
    const { open } = setup({ now: () => now });
    const { s, say } = open({ ...LINK, expiresAt: 5_000 });
    say({ type: 'hello', name: 'Ada' });
    now = 4_999;
    say({ type: 'offer', sdp: SDP });
    expect(s.state).toBe('calling');
  });

  it.each([
    ['before hello', []],
    ['after hello', [{ type: 'hello', name: 'Ada' }]],
  ])('idle %s: after 10 minutes without a call the socket is closed with a clear message', (_when, msgs) => {
    const { open, log, fire } = setup({ idle: 600_000 });
    const { s, sent, say } = open();
    for (const m of msgs) say(m);
    fire();
    expect([sent.filter((m) => !('type' in m && m.type === 'ready')), s.state]).toEqual([
      [
        {
          type: 'error',
          code: 'idle',
          message: 'Closed after 10 minutes without a call; reload the page to call again',
        },
        ['close', 1000, 'idle'],
      ],
      'ended',
    ]);
    expect(log.at(-1)).toEqual([
      'ended',
      'guest-g1@bridge.localhost/web',
      { condition: 'timeout', text: 'The guest page was idle' },
      'server',
    ]);
  });

  it('every message restarts the idle time; placing a call stops it, so only the ring timer is left', () => {
    const { open, log, pending } = setup({ idle: 600_000 });
    const { say } = open({ ...LINK, use: 'multiple' });
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'offer', sdp: SDP });
    expect(log).toEqual([
      ['timer', 600_000],
      ['cleared'],
      ['timer', 600_000],
      ['cleared'],
      ['timer', 60_000],
      ['offer', 'guest-g1@bridge.localhost/web', 'Ada', SDP],
    ]);
    expect(pending()).toBe(1);
  });

  it('an ended session leaves no idle timer behind', () => {
    const { open, pending } = setup({ idle: 600_000 });
    open().s.closed();
    expect(pending()).toBe(0);
  });
});

describe('the guest page', () => {
  it('serves a script that parses as JavaScript and uses no outside names', async () => {
    const { Script } = await import('node:vm');
    const { guestScript } = await import('../../../src/component/guest/browser.js');
    expect(() => new Script(guestScript())).not.toThrow();
  });

  it('renders nothing from the request: the refusal page names the problem in plain words', async () => {
    const { refusalPage } = await import('../../../src/component/guest/page.js');
    expect(refusalPage('used')).toEqual(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<meta name="referrer" content="no-referrer"><title>This call link has already been used</title><link rel="stylesheet" href="/guest.css"></head>' +
        '<body><main><h1>This call link has already been used</h1><p>It was made for one call only. Ask the person who sent it for a new link.</p></main></body></html>',
    );
  });
});
