// #11 defects 1 and 2 at the call manager: nobody but a call's own peer reaches it (XEP-0166 §7.2, a
// session is (peer full JID, sid)), and a second call attempt reusing a call's id (Jingle or JMI, either
// order) is refused without replacing or duplicating the call, whose dialog still closes when its peer
// gives up.
import { clone, parse, type Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { NS_JINGLE_MESSAGE_0 } from '../../../../src/jingle/ns.js';
import { FakeNetwork, type FakePeerConnection } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
/** On Alice's and Bob's rosters, not in the call. */
const CAROL = 'carol@example.org/laptop';
/** On nobody's roster. */
const MALLORY = 'mallory@evil.example/x';
/** Another resource of Bob's own account. */
const BOB_PHONE = 'bob@example.org/phone';
const NO_JMI = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);
const UNKNOWN_SESSION =
  '<error type="cancel"><item-not-found xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>' +
  '<unknown-session xmlns="urn:xmpp:jingle:errors:1"/></error>';

const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;

function setup(aliceFeatures: readonly string[] = ADVERTISED_FEATURES) {
  const net = new FakeNetwork();
  const alice = net.add(A, [...aliceFeatures]);
  const bob = net.add(B, [...ADVERTISED_FEATURES]);
  net.befriend('alice@example.org', 'bob@example.org');
  net.befriend('alice@example.org', 'carol@example.org');
  net.befriend('bob@example.org', 'carol@example.org');
  return { net, alice, bob };
}

/** Everything a call and its manager report from now on. */
function watch(m: CallManager, call?: Call): unknown[] {
  const seen: unknown[] = [];
  m.events.on('incoming-call', (c) => seen.push({ 'incoming-call': [c.id, c.peer] }));
  m.events.on('history', (h) => seen.push({ history: [h.id, h.peer, h.outcome] }));
  m.events.on('error', (e) => seen.push({ error: e.message }));
  if (call !== undefined) {
    call.on('state', (s) => seen.push({ state: s }));
    call.on('ended', (e) => seen.push({ ended: e }));
    call.on('ringing', () => seen.push('ringing'));
    call.on('remote-mute', (x) => seen.push({ 'remote-mute': x }));
  }
  return seen;
}

function nextIncoming(m: CallManager): Promise<Call> {
  return new Promise((resolve) => {
    const off = m.events.on('incoming-call', (c) => (off(), resolve(c)));
  });
}

/** A JMI call from Alice to Bob, connected on both sides. */
async function connected() {
  const s = setup();
  const incoming = nextIncoming(s.bob);
  const call = s.alice.call('bob@example.org', { audio: true });
  await s.net.settle();
  const bc = await incoming;
  await bc.accept();
  await s.net.settle();
  s.net.clock.advance(20);
  await s.net.settle();
  pcOf(call).setConnectionState('connected');
  pcOf(bc).setConnectionState('connected');
  await s.net.settle();
  return { ...s, call, bc };
}

const reply = (r: Element | true): string => (r === true ? 'result' : r.toString());
const J = (action: string, sid: string, inner = '') =>
  parse(`<jingle xmlns="urn:xmpp:jingle:1" action="${action}" sid="${sid}">${inner}</jingle>`);
const propose = (from: string, id: string, to = 'alice@example.org') =>
  parse(
    `<message from="${from}" to="${to}" type="chat"><propose xmlns="urn:xmpp:jingle-message:0" id="${id}">` +
      `<description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio"/></propose></message>`,
  );
const retract = (from: string, id: string, to = 'alice@example.org') =>
  parse(
    `<message from="${from}" to="${to}" type="chat"><retract xmlns="urn:xmpp:jingle-message:0" id="${id}">` +
      `<reason xmlns="urn:xmpp:jingle:1"><cancel/><text>Retracted</text></reason></retract></message>`,
  );

describe('defect 1: a third party names the sid of a live call', () => {
  it('every Jingle IQ from a contact, a stranger or another resource of the peer is unknown-session and reaches neither call', async () => {
    const { net, alice, bob, call, bc } = await connected();
    const sid = call.id;
    // The intruder replays the exact session-initiate Alice sent (it carries the live sid).
    const initiate = net.jingles.find((j) => j.jingle.attrs['action'] === 'session-initiate')?.jingle;
    if (initiate === undefined) throw new Error('no session-initiate on the wire');
    const intrusions: [string, Element][] = [
      ['session-initiate', initiate],
      [
        'transport-info',
        J(
          'transport-info',
          sid,
          '<content creator="initiator" name="0"><transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="evil" pwd="evilevilevilevilevilevil">' +
            '<candidate component="1" foundation="9" generation="0" id="c9" ip="192.0.2.66" port="9999" priority="1" protocol="udp" type="host"/></transport></content>',
        ),
      ],
      ['session-terminate', J('session-terminate', sid, '<reason><success/></reason>')],
      ['session-info', J('session-info', sid, '<mute xmlns="urn:xmpp:jingle:apps:rtp:info:1" name="0"/>')],
    ];
    const aliceSaw = watch(alice, call);
    const bobSaw = watch(bob, bc);
    const wire = net.wire.length;
    const replies: string[] = [];
    let n = 0;
    for (const from of [CAROL, MALLORY, BOB_PHONE, 'alice@example.org/phone'])
      for (const [what, el] of intrusions)
        for (const [name, target] of [
          ['alice', alice],
          ['bob', bob],
        ] as const) {
          // Neither party's own full JID: those are the session's peers, not intruders.
          const r = target.handleIq({ id: `x${++n}`, from, jingle: clone(el) });
          replies.push(`${from} ${what} to ${name}: ${reply(r)}`);
        }
    await net.settle();
    expect(replies.filter((r) => !r.endsWith(UNKNOWN_SESSION))).toEqual([]);
    expect(replies.length).toBe(4 * 4 * 2);
    expect([net.wire.slice(wire), aliceSaw, bobSaw]).toEqual([[], [], []]);
    expect([call.state, bc.state, alice.live(), bob.live()]).toEqual([
      'connected',
      'connected',
      [call],
      [bc],
    ]);
    const evil = [...pcOf(call).added, ...pcOf(bc).added].filter((c) => c.candidate?.includes('192.0.2.66'));
    expect(evil).toEqual([]);
    // The call is still the peers' own: hanging up works as ever.
    call.hangup();
    await net.settle();
    expect(net.wire.slice(wire)).toEqual([
      { from: A, to: B, what: 'iq session-terminate (success)' },
      { from: A, to: B, what: 'jmi finish (success)' },
      { from: B, to: A, what: 'jmi finish (success)' },
    ]);
    expect([call.state, bc.state]).toEqual(['ended', 'ended']);
  });

  it('a direct (non-JMI) call is just as closed to intruders', async () => {
    const { net, alice, bob } = setup(NO_JMI);
    const incoming = nextIncoming(alice);
    const call = bob.call(A, { audio: true });
    await net.settle();
    const ac = await incoming;
    const aliceSaw = watch(alice, ac);
    const wire = net.wire.length;
    const initiate = net.jingles[0]?.jingle;
    if (initiate === undefined) throw new Error('no session-initiate on the wire');
    const r = [CAROL, MALLORY, BOB_PHONE].map((from, i) =>
      reply(alice.handleIq({ id: `s${i}`, from, jingle: clone(initiate) })),
    );
    const t = reply(alice.handleIq({ id: 't', from: MALLORY, jingle: J('session-terminate', call.id) }));
    await net.settle();
    expect([...r, t]).toEqual([UNKNOWN_SESSION, UNKNOWN_SESSION, UNKNOWN_SESSION, UNKNOWN_SESSION]);
    expect([net.wire.slice(wire), aliceSaw, ac.state, call.state]).toEqual([[], [], 'incoming', 'ringing']);
  });
});

describe('defect 2: a second call attempt with a live call id', () => {
  it('Jingle first, then a JMI propose with the same id: one dialog, refused or ignored, busy for later callers, ends on session-terminate', async () => {
    const { net, alice, bob } = setup(NO_JMI);
    const incoming = nextIncoming(alice);
    const seen = watch(alice);
    const call = bob.call(A, { audio: true });
    await net.settle();
    const ac = await incoming;
    const id = call.id;
    const wire = net.wire.length;
    // The same device offers the same call again over JMI: a duplicate, ignored.
    alice.handleMessage(propose(B, id));
    // Someone else reuses the id: refused with busy, to them only.
    alice.handleMessage(propose(CAROL, id));
    // A later caller with its own id, over JMI and over Jingle: busy.
    alice.handleMessage(propose(CAROL, 'carol-1'));
    const offer = clone(net.jingles[0]?.jingle as Element);
    offer.attrs['sid'] = 'carol-2';
    expect(reply(alice.handleIq({ id: 'c2', from: CAROL, jingle: offer }))).toBe('result');
    await net.settle();
    // (A later caller's own call rings its device, then is rejected busy, as in call-flows.test.ts.)
    expect(net.wire.slice(wire)).toEqual([
      { from: A, to: CAROL, what: 'jmi reject (busy)' },
      { from: A, to: CAROL, what: 'jmi ringing' },
      { from: A, to: CAROL, what: 'jmi reject (busy)' },
      { from: A, to: CAROL, what: 'iq session-terminate (busy)' },
    ]);
    expect([alice.live(), ac.state]).toEqual([[ac], 'incoming']);
    call.hangup();
    await net.settle();
    expect([ac.state, alice.live()]).toEqual(['ended', []]);
    expect(seen).toEqual([
      { 'incoming-call': [id, 'bob@example.org'] },
      { history: ['carol-1', 'carol@example.org', 'busy'] },
      { history: ['carol-2', 'carol@example.org', 'busy'] },
      { history: [id, 'bob@example.org', 'missed'] },
    ]);
  });

  it('Jingle first, then a duplicate JMI propose: the caller can also give up with a retract', async () => {
    const { net, alice, bob } = setup(NO_JMI);
    const incoming = nextIncoming(alice);
    const call = bob.call(A, { audio: true });
    await net.settle();
    const ac = await incoming;
    const seen = watch(alice, ac);
    alice.handleMessage(propose(B, call.id));
    // A retract from anyone else, or for another id, changes nothing.
    alice.handleMessage(retract(BOB_PHONE, call.id));
    alice.handleMessage(retract(CAROL, call.id));
    alice.handleMessage(retract(B, 'other'));
    await net.settle();
    expect([ac.state, seen]).toEqual(['incoming', []]);
    const wire = net.wire.length;
    alice.handleMessage(retract(B, call.id));
    await net.settle();
    const reason = { condition: 'cancel', text: 'Retracted' };
    expect(net.wire.slice(wire)).toEqual([{ from: A, to: B, what: 'iq session-terminate (cancel)' }]);
    expect([ac.state, call.state, alice.live()]).toEqual(['ended', 'ended', []]);
    expect(seen).toEqual([
      { state: 'ended' },
      { ended: { reason, by: 'peer' } },
      { history: [call.id, 'bob@example.org', 'missed'] },
    ]);
  });

  it('JMI first, then a session-initiate with the same id: refused, one dialog, ends on retract', async () => {
    const { net, alice } = setup();
    const seen = watch(alice);
    alice.handleMessage(propose(B, 'X'));
    await net.settle();
    const ac = alice.live()[0] as Call;
    const wire = net.wire.length;
    // No Jingle on the wire yet: build the offer a peer would send.
    const si = J(
      'session-initiate',
      'X',
      '<content creator="initiator" name="0"><description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio">' +
        '<payload-type id="111" name="opus" clockrate="48000" channels="2"/></description>' +
        '<transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u1" pwd="p1p1p1p1p1p1p1p1p1p1p1p1"/></content>',
    );
    const r = [B, BOB_PHONE, CAROL, MALLORY].map((from, i) =>
      reply(alice.handleIq({ id: `i${i}`, from, jingle: clone(si) })),
    );
    // A second propose with the same id from someone else: busy, to them only.
    alice.handleMessage(propose(MALLORY, 'X'));
    alice.handleMessage(propose(CAROL, 'X'));
    await net.settle();
    expect(r).toEqual([UNKNOWN_SESSION, UNKNOWN_SESSION, UNKNOWN_SESSION, UNKNOWN_SESSION]);
    expect(net.wire.slice(wire)).toEqual([
      { from: A, to: MALLORY, what: 'jmi reject (busy)' },
      { from: A, to: CAROL, what: 'jmi reject (busy)' },
    ]);
    expect([alice.live(), ac.state]).toEqual([[ac], 'incoming']);
    alice.handleMessage(retract(B, 'X'));
    await net.settle();
    expect([ac.state, alice.live()]).toEqual(['ended', []]);
    expect(seen).toEqual([
      { 'incoming-call': ['X', 'bob@example.org'] },
      { history: ['X', 'bob@example.org', 'missed'] },
    ]);
  });
});
