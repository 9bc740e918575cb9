// Call tickets (src/component/guest/call-ticket.ts): a guest whose signalling socket broke in a call
// hangs it up from a new socket, also after the component restarted. What is signed, what is
// refused, the guest protocol's `hangup-call`, and the stanzas the call layer sends for it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuestBridge } from '../../../src/component/calls/guest-bridge.js';
import {
  signCallTicket,
  verifyCallTicket,
  type CallTicket,
} from '../../../src/component/guest/call-ticket.js';
import type { ServerMessage } from '../../../src/component/guest/protocol.js';
import { parseClientMessage } from '../../../src/component/guest/protocol.js';
import { GuestRegistry } from '../../../src/component/guest/registry.js';
import type { GuestTransport } from '../../../src/component/guest/session.js';
import { LinkUses } from '../../../src/component/link-uses.js';
import { RateLimiter } from '../../../src/component/rate-limit.js';
import { signLink, verifyLink, type CallLink } from '../../../src/component/token.js';
import { fakeIo, tree, xmlTree } from './bridge-fakes.js';

const KEY = Buffer.from('call-ticket-unit-test-key-32-bytes!!');
const T: CallTicket = {
  guest: 'guest-0a1b2c3d4e5f6a7b@bridge.localhost/web',
  peer: 'alice@localhost/phone',
  sid: '6f1c0a52-0f3e-4c59-9f6e-3d7c1b1e4d2a',
  expiresAt: 2_000_000_000_000,
};
const NOW = 1_900_000_000_000;
const ticket = signCallTicket(T, KEY);

describe('call tickets', () => {
  it('verify gives back what was signed (expiry in whole seconds)', () => {
    expect(verifyCallTicket(ticket, KEY, NOW)).toEqual(T);
  });

  it.each([
    ['another key', () => verifyCallTicket(ticket, Buffer.from('another-key-that-is-32-bytes-long!!!'), NOW)],
    ['expired', () => verifyCallTicket(ticket, KEY, T.expiresAt)],
    ['no dot', () => verifyCallTicket(ticket.replace('.', ''), KEY, NOW)],
    ['too long', () => verifyCallTicket(`${ticket}${'A'.repeat(2048)}`, KEY, NOW)],
    [
      'a call link signed with the same key',
      () =>
        verifyCallTicket(
          signLink({ owner: 'alice@localhost', expiresAt: T.expiresAt, use: 'multiple', id: 'x' }, KEY),
          KEY,
          NOW,
        ),
    ],
  ])('%s: refused', (_what, check) => {
    expect(check()).toBe(undefined);
  });

  it('a ticket is no call link either', () => {
    expect(verifyLink(ticket, KEY, NOW)).toEqual({ ok: false, problem: 'forged' });
  });

  it('any one changed character is refused', () => {
    fc.assert(
      fc.property(fc.nat({ max: ticket.length - 1 }), fc.integer({ min: 1, max: 0xffff }), (index, delta) => {
        const c = String.fromCharCode((ticket.charCodeAt(index) + delta) % 0x10000);
        const changed = ticket.slice(0, index) + c + ticket.slice(index + 1);
        fc.pre(changed !== ticket);
        expect(verifyCallTicket(changed, KEY, NOW)).toBe(undefined);
      }),
    );
  });

  it.each([
    ['{"type":"hangup-call","ticket":"a.b"}', { ok: true, message: { type: 'hangup-call', ticket: 'a.b' } }],
    [
      '{"type":"hangup-call","ticket":""}',
      { ok: false, code: 'bad-message', message: 'hangup-call.ticket must be a string of 1-2048 characters' },
    ],
    [
      '{"type":"hangup-call"}',
      { ok: false, code: 'bad-message', message: 'missing field "ticket" in hangup-call' },
    ],
  ])('parses %s', (data, result) => {
    expect(parseClientMessage(data)).toEqual(result);
  });
});

/**
 * A registry signing tickets with KEY at NOW, wired to a GuestBridge over a recording CallIo, or
 * (`bridge` false) to a call layer that only takes offers.
 */
function setup(bridge = true) {
  const io = fakeIo(NOW);
  let ids = 0;
  const ended: unknown[] = [];
  const reg = new GuestRegistry({
    domain: 'bridge.localhost',
    linkUses: new LinkUses(),
    callLimiter: new RateLimiter({ capacity: 5, periodMs: 60_000 }),
    ringTimeoutMs: 60_000,
    idleTimeoutMs: 0,
    now: () => NOW,
    newId: () => `ffff00001111${String(++ids).padStart(4, '0')}`,
    timers: io.timers,
    tickets: { sign: (t) => signCallTicket(t, KEY), verify: (t) => verifyCallTicket(t, KEY, NOW) },
  });
  if (bridge) new GuestBridge(io, 60_000).attach(reg);
  else reg.on('offer', () => undefined);
  reg.on('ended', (s, reason, by) => ended.push([s.jid, reason, by]));
  const open = (owner = 'alice@localhost') => {
    const link: CallLink = { owner, expiresAt: NOW + 3_600_000, use: 'multiple', id: 'L' };
    const sent: Array<ServerMessage | ['close', number, string]> = [];
    const transport: GuestTransport = {
      send: (m) => void sent.push(m),
      close: (c, r) => void sent.push(['close', c, r]),
    };
    const s = reg.open(link, '10.0.0.1', transport);
    return { s, sent, transport, say: (m: object) => s.receive(JSON.stringify(m)) };
  };
  return { io, open, reg, ended };
}

/** An answered call (no call layer) and the ticket its guest got. */
function answeredCall() {
  const h = setup(false);
  const g = h.open();
  g.say({ type: 'hello', name: 'Ada' });
  g.say({ type: 'offer', sdp: 'v=0\r\n' });
  g.s.answer('v=0\r\nanswer\r\n', { peer: T.peer, sid: T.sid });
  const answer = g.sent.find((m): m is ServerMessage => 'type' in m && m.type === 'answer');
  return { ...h, g, ticket: answer !== undefined && 'ticket' in answer ? (answer.ticket ?? '') : '' };
}

describe('hangup-call on a fresh guest socket', () => {
  it("terminates the ticket's session from the guest's old JID, says so, and closes", async () => {
    const { io, open } = setup();
    const { sent, say } = open();
    say({ type: 'hangup-call', ticket });
    await Promise.resolve();
    expect(sent).toEqual([
      { type: 'ended', reason: 'success', text: 'The guest hung up' },
      ['close', 1000, 'ended'],
    ]);
    expect(io.out.map(tree)).toEqual([
      xmlTree(`<iq type='set' from='${T.guest}' to='${T.peer}' id='id1'>
        <jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='${T.sid}'>
          <reason><success/><text>The guest hung up</text></reason>
        </jingle></iq>`),
      xmlTree(`<presence from='${T.guest}' to='alice@localhost' type='unavailable'/>`),
    ]);
  });

  it.each([
    ['a forged ticket', ticket.slice(0, -2) + 'AA', 'alice@localhost'],
    ["a ticket for a call to someone else than the link's owner", ticket, 'bob@localhost'],
  ])('%s: bad-message, close 1008, nothing sent', (_what, t, owner) => {
    const { io, open } = setup();
    const { sent, say } = open(owner);
    say({ type: 'hangup-call', ticket: t });
    expect([sent, io.out]).toEqual([
      [
        { type: 'error', code: 'bad-message', message: 'this ticket names no call of this link' },
        ['close', 1008, 'bad-message'],
      ],
      [],
    ]);
  });

  it('only as the first message: after hello it is out of order', () => {
    const { io, open } = setup();
    const { sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'hangup-call', ticket });
    expect([sent.slice(1), io.out]).toEqual([
      [
        { type: 'error', code: 'out-of-order', message: '"hangup-call" is not allowed in state ready' },
        ['close', 1008, 'out-of-order'],
      ],
      [],
    ]);
  });

  it('an answered call hands the guest a ticket naming its JID, the device and the sid', () => {
    const { open } = setup(false);
    const { s, sent, say } = open();
    say({ type: 'hello', name: 'Ada' });
    say({ type: 'offer', sdp: 'v=0\r\n' });
    s.answer('v=0\r\nanswer\r\n', { peer: T.peer, sid: T.sid });
    const answer = sent.find((m): m is ServerMessage => 'type' in m && m.type === 'answer');
    const t = answer !== undefined && 'ticket' in answer ? (answer.ticket ?? '') : '';
    expect(verifyCallTicket(t, KEY, NOW)).toEqual({
      guest: 'guest-ffff000011110001@bridge.localhost/web',
      peer: T.peer,
      sid: T.sid,
      expiresAt: NOW + 12 * 3600_000,
    });
  });
});

describe('a call whose guest socket broke (1006) in a process that did not restart', () => {
  const GUEST = 'guest-ffff000011110001@bridge.localhost/web';
  const HANGUP = { condition: 'success', text: 'The guest hung up' };
  const GONE = { condition: 'gone', text: 'The guest closed the page' };

  it('stays up, and hangup-call on a new socket ends it as the guest hanging up (no stateless terminate)', () => {
    const { g, ticket: t, open, ended, reg, io } = answeredCall();
    g.s.closed(1006);
    expect([g.s.state, g.s.detached, reg.size, ended]).toEqual(['in-call', true, 1, []]);
    const late = open();
    late.say({ type: 'hangup-call', ticket: t });
    expect({ late: late.sent, ended, size: reg.size, out: io.out }).toEqual({
      late: [{ type: 'ended', reason: 'success', text: 'The guest hung up' }, ['close', 1000, 'ended']],
      ended: [
        [GUEST, HANGUP, 'guest'],
        ['guest-ffff000011110002@bridge.localhost/web', HANGUP, 'guest'],
      ],
      size: 0,
      out: [],
    });
  });

  it('the owner can still hang up', () => {
    const { g, ended } = answeredCall();
    g.s.closed(1006);
    g.s.end({ condition: 'success', text: 'alice hung up' });
    expect(ended).toEqual([[GUEST, { condition: 'success', text: 'alice hung up' }, 'server']]);
  });

  it('is given up after the life of its ticket', () => {
    const { g, ended, io } = answeredCall();
    g.s.closed(1006);
    io.advance(12 * 3600_000 - 1);
    expect(ended).toEqual([]);
    io.advance(1);
    expect(ended).toEqual([[GUEST, GONE, 'guest']]);
  });

  it.each([
    ['a page that goes away (1001) in a call', true, 1001],
    ['a broken socket (1006) before the answer', false, 1006],
  ])('%s ends the call at once', (_what, answered, code) => {
    const h = setup(false);
    const g = h.open();
    g.say({ type: 'hello', name: 'Ada' });
    g.say({ type: 'offer', sdp: 'v=0\r\n' });
    if (answered) g.s.answer('v=0\r\nanswer\r\n', { peer: T.peer, sid: T.sid });
    g.s.closed(code);
    expect(h.ended).toEqual([[GUEST, GONE, 'guest']]);
  });
});

describe('resume: a new socket carries on the call whose socket broke', () => {
  const CAND = {
    candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: null,
  };

  it('after a 1006, resume moves the call to the new socket: candidates and the end go there', () => {
    const { g, ticket: t, open, reg, ended } = answeredCall();
    g.s.closed(1006);
    const next = open();
    next.say({ type: 'resume', ticket: t });
    g.s.candidate(CAND);
    g.s.end({ condition: 'success', text: 'alice hung up' });
    expect({ sent: next.sent, size: reg.size, ended }).toEqual({
      sent: [
        { type: 'resumed' },
        { type: 'candidate', ...CAND },
        { type: 'ended', reason: 'success', text: 'alice hung up' },
        ['close', 1000, 'ended'],
      ],
      size: 0,
      ended: [
        [
          'guest-ffff000011110001@bridge.localhost/web',
          { condition: 'success', text: 'alice hung up' },
          'server',
        ],
      ],
    });
  });

  it('before the server noticed the old socket died, resume closes it, and its late close changes nothing', () => {
    const { g, ticket: t, open, ended } = answeredCall();
    const oldSent = g.sent.length;
    const next = open();
    next.say({ type: 'resume', ticket: t });
    g.s.closed(1006, g.transport);
    expect([g.sent.slice(oldSent), next.sent, g.s.state, g.s.detached, ended]).toEqual([
      [['close', 1000, 'resumed']],
      [{ type: 'resumed' }],
      'in-call',
      false,
      [],
    ]);
  });

  it('a call this process does not have (it restarted): unknown-call, close 1000', () => {
    const { open } = setup(false);
    const next = open();
    next.say({ type: 'resume', ticket });
    expect(next.sent).toEqual([
      { type: 'error', code: 'unknown-call', message: 'this call is not known here' },
      ['close', 1000, 'unknown-call'],
    ]);
  });
});
