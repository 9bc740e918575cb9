// Two call managers over an in-memory XMPP network (fakes.ts): whole wire histories, state
// histories and call logs for each flow of issue #5.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { NS_JINGLE_MESSAGE_0 } from '../../../../src/jingle/ns.js';
import type { FakePeerConnection } from './fakes.js';
import { FakeNetwork } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
const NO_JMI = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);

function record(call: Call): { states: string[]; events: unknown[] } {
  const out = { states: [call.state] as string[], events: [] as unknown[] };
  call.on('state', (s) => out.states.push(s));
  call.on('ringing', () => out.events.push('ringing'));
  call.on('remote-mute', (m) => out.events.push({ 'remote-mute': m }));
  call.on('muted', (m) => out.events.push({ muted: m }));
  call.on('chat', (m) => out.events.push({ chat: m }));
  call.on('content-added', (m) => out.events.push({ 'content-added': m }));
  call.on('ended', (e) => out.events.push({ ended: e }));
  return out;
}

function nextIncoming(m: CallManager): Promise<Call> {
  return new Promise((resolve) => {
    const off = m.events.on('incoming-call', (c) => (off(), resolve(c)));
  });
}

const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;

async function setup(bFeatures: readonly string[] = ADVERTISED_FEATURES, friends = true) {
  const net = new FakeNetwork();
  const alice = net.add(A, [...ADVERTISED_FEATURES]);
  const bob = net.add(B, [...bFeatures]);
  if (friends) net.befriend('alice@example.org', 'bob@example.org');
  return { net, alice, bob };
}

describe('outgoing JMI call, accepted', () => {
  it('proposes to the bare JID, rings, proceeds, initiates with the propose id, connects and hangs up', async () => {
    const { net, alice, bob } = await setup();
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org', { audio: true });
    const a = record(call);
    await net.settle();
    const bc = await incoming;
    const b = record(bc);
    expect([bc.id, bc.peer, bc.direction, bc.media]).toEqual([
      'alice-1',
      'alice@example.org',
      'incoming',
      ['audio'],
    ]);
    await bc.accept();
    await net.settle();
    net.clock.advance(20); // candidateBatchMs: Bob's candidates gathered after his answer
    await net.settle();
    pcOf(call).setConnectionState('connecting');
    pcOf(call).setConnectionState('connected');
    pcOf(bc).setConnectionState('connected');
    call.hangup();
    await net.settle();
    // Alice's candidates were gathered while Bob's device rang and ride in the session-initiate.
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi ringing' },
      { from: B, to: A, what: 'jmi proceed' },
      { from: B, to: 'bob@example.org', what: 'jmi accept' },
      { from: A, to: B, what: 'iq session-initiate' },
      { from: B, to: A, what: 'iq session-accept' },
      { from: B, to: A, what: 'iq transport-info' },
      { from: A, to: B, what: 'iq session-terminate (success)' },
      { from: A, to: B, what: 'jmi finish (success)' },
      { from: B, to: A, what: 'jmi finish (success)' },
    ]);
    const ended = { reason: { condition: 'success', text: 'The call ended normally.' } };
    expect(a).toEqual({
      states: ['proposing', 'ringing', 'connecting', 'connected', 'ended'],
      events: ['ringing', { ended: { ...ended, by: 'local' } }],
    });
    expect(b).toEqual({
      states: ['incoming', 'connecting', 'connected', 'ended'],
      events: [{ ended: { ...ended, by: 'peer' } }],
    });
    expect(alice.history.map((h) => [h.id, h.direction, h.outcome])).toEqual([
      ['alice-1', 'outgoing', 'answered'],
    ]);
    expect(bob.history.map((h) => [h.id, h.direction, h.outcome])).toEqual([
      ['alice-1', 'incoming', 'answered'],
    ]);
    // TCP candidates never reach the wire; Alice's UDP one came inside the offer, Bob's by trickle.
    expect(pcOf(bc).remoteDescription?.sdp.match(/^a=candidate.*$/gm)).toEqual([
      'a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host generation 0',
    ]);
    expect(pcOf(bc).added).toEqual([]);
    expect(pcOf(call).added.map((c) => c.candidate)).toEqual([
      'candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host generation 0',
    ]);
  });
});

describe('direct session-initiate fallback (callee without JMI)', () => {
  it('sends session-initiate to the full JID, rings via session-info, chats and carries mute', async () => {
    const { net, alice, bob } = await setup(NO_JMI);
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org', { audio: true });
    const a = record(call);
    await net.settle();
    const bc = await incoming;
    const b = record(bc);
    await bc.accept();
    await net.settle();
    pcOf(call).setConnectionState('connected');
    pcOf(bc).setConnectionState('connected');
    call.sendChat('hi bob');
    await net.settle();
    bc.sendChat('hi alice');
    await net.settle();
    bc.setMuted('audio', true);
    await net.settle();
    bc.hangup();
    await net.settle();
    expect(net.wire.filter((w) => !w.what.startsWith('iq transport-info'))).toEqual([
      { from: A, to: B, what: 'iq session-initiate' },
      { from: B, to: A, what: 'iq session-info (ringing)' },
      { from: B, to: A, what: 'iq session-accept' },
      { from: B, to: A, what: 'iq session-info (mute 0)' },
      { from: B, to: A, what: 'iq session-terminate (success)' },
    ]);
    const ended = { reason: { condition: 'success', text: 'The call ended normally.' } };
    expect(a).toEqual({
      states: ['proposing', 'ringing', 'connecting', 'connected', 'ended'],
      events: [
        'ringing',
        { chat: { text: 'hi bob', from: 'local' } },
        { chat: { text: 'hi alice', from: 'remote' } },
        { 'remote-mute': { kind: 'audio', muted: true } },
        { ended: { ...ended, by: 'peer' } },
      ],
    });
    expect(b).toEqual({
      states: ['incoming', 'connecting', 'connected', 'ended'],
      events: [
        { chat: { text: 'hi bob', from: 'remote' } },
        { chat: { text: 'hi alice', from: 'local' } },
        { muted: { kind: 'audio', muted: true } },
        { ended: { ...ended, by: 'local' } },
      ],
    });
  });
});

describe('ending before an answer', () => {
  it('decline: JMI reject reaches the caller, both log it', async () => {
    const { net, alice, bob } = await setup();
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org', { audio: true, video: true });
    const a = record(call);
    await net.settle();
    const bc = await incoming;
    bc.decline();
    await net.settle();
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi ringing' },
      { from: B, to: A, what: 'jmi reject (decline)' },
    ]);
    expect(a).toEqual({
      states: ['proposing', 'ringing', 'ended'],
      events: [
        'ringing',
        { ended: { reason: { condition: 'decline', text: 'Declined' }, by: 'peer', outcome: 'rejected' } },
      ],
    });
    expect(alice.history.map((h) => [h.direction, h.media, h.outcome])).toEqual([
      ['outgoing', ['audio', 'video'], 'rejected'],
    ]);
    expect(bob.history.map((h) => [h.direction, h.outcome])).toEqual([['incoming', 'declined']]);
  });

  it('cancel before answer: retract to the bare JID, the callee logs a missed call', async () => {
    const { net, alice, bob } = await setup();
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org');
    await net.settle();
    const b = record(await incoming);
    call.hangup();
    await net.settle();
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi ringing' },
      { from: A, to: 'bob@example.org', what: 'jmi retract (cancel)' },
    ]);
    expect(b).toEqual({
      states: ['incoming', 'ended'],
      events: [
        { ended: { reason: { condition: 'cancel', text: 'Retracted' }, by: 'peer', outcome: 'missed' } },
      ],
    });
    expect(alice.history.map((h) => h.outcome)).toEqual(['cancelled']);
    expect(bob.history.map((h) => h.outcome)).toEqual(['missed']);
  });

  it('busy: a second caller while in a call gets reject <busy/>', async () => {
    const { net, alice, bob } = await setup();
    const carol = net.add('carol@example.org/web', [...ADVERTISED_FEATURES]);
    net.befriend('carol@example.org', 'bob@example.org');
    const incoming = nextIncoming(bob);
    alice.call('bob@example.org');
    await net.settle();
    await (await incoming).accept();
    await net.settle();
    const c = record(carol.call('bob@example.org'));
    await net.settle();
    expect(net.wire.filter((w) => w.from.startsWith('carol') || w.to.startsWith('carol'))).toEqual([
      { from: 'carol@example.org/web', to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: 'carol@example.org/web', what: 'jmi ringing' },
      { from: B, to: 'carol@example.org/web', what: 'jmi reject (busy)' },
    ]);
    expect(c.states).toEqual(['proposing', 'ringing', 'ended']);
    expect(carol.history.map((h) => h.outcome)).toEqual(['busy']);
    expect(bob.history.map((h) => [h.peer, h.outcome])).toEqual([['carol@example.org', 'busy']]);
  });
});

describe('multi-device and strangers', () => {
  it('answered on another device: the second device stops ringing', async () => {
    const { net, alice, bob } = await setup();
    const phone = net.add('bob@example.org/phone', [...ADVERTISED_FEATURES]);
    const onWeb = nextIncoming(bob);
    const onPhone = nextIncoming(phone);
    alice.call('bob@example.org');
    await net.settle();
    const web = record(await onWeb);
    await (await onPhone).accept();
    await net.settle();
    expect(web).toEqual({
      states: ['incoming', 'ended'],
      events: [
        {
          ended: {
            reason: { condition: 'cancel', text: 'Answered on another device.' },
            by: 'other-device',
            outcome: 'answered-elsewhere',
          },
        },
      ],
    });
    expect(bob.history.map((h) => h.outcome)).toEqual(['answered-elsewhere']);
    expect(net.wire.filter((w) => w.what === 'iq session-initiate')).toEqual([
      { from: A, to: 'bob@example.org/phone', what: 'iq session-initiate' },
    ]);
  });

  it('a caller who is not a contact does not ring: quiet reject, logged as missed', async () => {
    const { net, alice, bob } = await setup(ADVERTISED_FEATURES, false);
    let rang = false;
    bob.events.on('incoming-call', () => (rang = true));
    const a = record(alice.call('bob@example.org'));
    await net.settle();
    expect(rang).toBe(false);
    expect(net.wire).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: B, to: A, what: 'jmi reject (busy)' },
    ]);
    expect(a.states).toEqual(['proposing', 'ended']);
    expect(bob.history).toEqual([
      {
        id: 'alice-1',
        peer: 'alice@example.org',
        direction: 'incoming',
        media: ['audio'],
        outcome: 'missed',
        startedAt: 1_000_000,
        endedAt: 1_000_000,
        reason: { condition: 'cancel', text: 'The call was not answered.' },
      },
    ]);
  });

  it("acceptCallsFrom: 'anyone' lets a stranger ring", async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    const bob = net.add(B, [...ADVERTISED_FEATURES], { acceptCallsFrom: 'anyone' });
    const incoming = nextIncoming(bob);
    alice.call('bob@example.org');
    await net.settle();
    expect((await incoming).state).toBe('incoming');
  });

  it.each([
    {
      what: 'a stranger from a trusted domain (our bridge) rings; one from elsewhere does not',
      guest: 'guest-7@bridge.example.org',
      stranger: 'mallory@elsewhere.example',
      trusted: 'Bridge.Example.org',
    },
    {
      what: "a guest of a bridge instance's subdomain (cluster) rings; a look-alike domain does not",
      guest: 'guest-8@i2.bridge.example.org',
      stranger: 'mallory@evilbridge.example.org',
      trusted: 'bridge.example.org',
    },
  ])('$what', async ({ guest: guestJid, stranger: strangerJid, trusted }) => {
    const net = new FakeNetwork();
    const guest = net.add(`${guestJid}/web`, [...ADVERTISED_FEATURES]);
    const stranger = net.add(`${strangerJid}/web`, [...ADVERTISED_FEATURES]);
    const bob = net.add(B, [...ADVERTISED_FEATURES], { trustedDomains: [trusted] });
    const rang: string[] = [];
    bob.events.on('incoming-call', (c: Call) => rang.push(c.peer));
    stranger.call('bob@example.org');
    await net.settle();
    guest.call('bob@example.org');
    await net.settle();
    expect(rang).toEqual([guestJid]);
  });

  it('a direct session-initiate from a stranger is terminated with decline and logged as missed', async () => {
    const { net, alice, bob } = await setup(NO_JMI, false);
    const a = record(alice.call('bob@example.org'));
    await net.settle();
    expect(net.wire.filter((w) => !w.what.startsWith('iq transport-info'))).toEqual([
      { from: A, to: B, what: 'iq session-initiate' },
      { from: B, to: A, what: 'iq session-terminate (decline)' },
    ]);
    expect(a.events).toEqual([
      { ended: { reason: { condition: 'decline', text: 'The callee declined the call.' }, by: 'peer' } },
    ]);
    expect(bob.history.map((h) => [h.direction, h.media, h.outcome])).toEqual([
      ['incoming', ['audio'], 'missed'],
    ]);
  });
});

describe('adding video to an audio call', () => {
  it('content-add with only the new content, peer content-accept, both peer connections renegotiated', async () => {
    const { net, alice, bob } = await setup();
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org', { audio: true });
    await net.settle();
    const bc = await incoming;
    const b = record(bc);
    await bc.accept();
    await net.settle();
    pcOf(call).setConnectionState('connected');
    await call.setCamera(true);
    await net.settle();
    expect(net.wire.filter((w) => w.what.startsWith('iq content'))).toEqual([
      { from: A, to: B, what: 'iq content-add' },
      { from: B, to: A, what: 'iq content-accept' },
    ]);
    expect(b.events).toEqual([{ 'content-added': { names: ['2'] } }]);
    expect(pcOf(bc).remoteDescription?.sdp.match(/^m=\w+/gm)).toEqual([
      'm=audio',
      'm=application',
      'm=video',
    ]);
    expect(pcOf(call).remoteDescription?.type).toBe('answer');
    // Bob has no camera, so his answer is recvonly for video. The session engine does not carry an
    // answer's `senders` into content-accept (known gap), so Alice reads sendrecv; harmless, Bob sends nothing.
    expect(pcOf(bc).localDescription?.sdp.match(/^m=\w+|^a=(sendrecv|recvonly)/gm)).toEqual([
      'm=audio',
      'a=sendrecv',
      'm=application',
      'm=video',
      'a=recvonly',
    ]);
    expect(pcOf(call).remoteDescription?.sdp.match(/^m=\w+/gm)).toEqual([
      'm=audio',
      'm=application',
      'm=video',
    ]);
    call.setMuted('video', true);
    await net.settle();
    expect(b.events).toEqual([
      { 'content-added': { names: ['2'] } },
      { 'remote-mute': { kind: 'video', muted: true } },
    ]);
  });
});

describe('the peer goes offline mid-call', () => {
  it('XEP-0166 §6.7: after the grace period the call ends with <gone/>', async () => {
    const { net, alice, bob } = await setup();
    const incoming = nextIncoming(bob);
    const call = alice.call('bob@example.org');
    const a = record(call);
    await net.settle();
    await (await incoming).accept();
    await net.settle();
    alice.presence('bob@example.org', []);
    net.clock.advance(8000);
    await net.settle();
    expect(a.events).toEqual([
      'ringing',
      { ended: { reason: { condition: 'gone', text: 'The other party went offline.' }, by: 'error' } },
    ]);
    expect(alice.history.map((h) => h.outcome)).toEqual(['answered']);
  });
});
