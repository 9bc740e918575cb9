// ICE restart in the browser client (XEP-0176 §5.9, docs/reference/deployed-clients.md §3.17): both
// directions, the Conversations style, and the automatic triggers. Two call managers over the
// in-memory network of calls/fakes.ts with the real translator and engines; whole wire histories and whole event lists.
import { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ICE_FAILED, RESTART_GRACE_MS } from '../../../../src/client/calls/ice-recovery.js';
import type { CallManagerOptions } from '../../../../src/client/calls/types.js';
import { InvalidStateError } from '../../../../src/client/errors.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { NS_JINGLE_1, NS_JINGLE_DTLS_0, NS_JINGLE_ICE_UDP_1 } from '../../../../src/jingle/ns.js';
import { FakeNetwork, placeAndAccept, type FakePeerConnection, type WireLine } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
const FP = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

function record(call: Call): { states: string[]; events: unknown[] } {
  const out = { states: [] as string[], events: [] as unknown[] };
  call.on('state', (s) => out.states.push(s));
  call.on('ice-restart', (r) => out.events.push({ 'ice-restart': r }));
  call.on('ended', (e) => out.events.push({ ended: e }));
  return out;
}

const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;
const remoteUfrags = (call: Call) => [
  ...new Set(pcOf(call).remoteDescription?.sdp.match(/^a=ice-ufrag:.*$/gm) ?? []),
];

/** What a reviewer checks in a transport-info: per content its credentials, setup and candidates. */
function transports(jingle: Element | undefined) {
  return (jingle?.getChildren('content') ?? []).map((c) => {
    const t = c.getChild('transport');
    return {
      name: c.attrs['name'],
      ufrag: t?.attrs['ufrag'],
      pwd: t?.attrs['pwd'],
      setup: t?.getChild('fingerprint', NS_JINGLE_DTLS_0)?.attrs['setup'],
      candidates: (t?.getChildren('candidate') ?? []).map(
        (x) => `${x.attrs['port']} gen ${x.attrs['generation']}`,
      ),
    };
  });
}

/** Alice calls Bob (JMI, audio), Bob accepts, both peer connections connect. */
async function connected(aliceOptions: CallManagerOptions = {}) {
  const net = new FakeNetwork();
  const alice = net.add(A, [...ADVERTISED_FEATURES], aliceOptions);
  const bob = net.add(B, [...ADVERTISED_FEATURES]);
  net.befriend('alice@example.org', 'bob@example.org');
  const { call, theirs: bc } = await placeAndAccept(net, alice, bob, 'bob@example.org', { audio: true });
  net.clock.advance(20);
  await net.settle();
  pcOf(call).setConnectionState('connected');
  pcOf(bc).setConnectionState('connected');
  const mark = { wire: net.wire.length, jingles: net.jingles.length };
  // The fake's ufrags: uf<n> at first, uf<n>r<k> after the k-th restart.
  const [ua, ub] = [pcOf(call).ufrag, pcOf(bc).ufrag];
  return { net, alice, bob, call, bc, a: record(call), b: record(bc), mark, ua, ub };
}

/** Lets the restart and the candidate batches (candidateBatchMs 20) after it run. */
async function run(net: FakeNetwork): Promise<void> {
  await net.settle();
  net.clock.advance(20);
  await net.settle();
}

const since = (net: FakeNetwork, mark: { wire: number }): WireLine[] => net.wire.slice(mark.wire);
const RESTART_WIRE = (from: string, to: string): WireLine[] => [
  { from, to, what: 'iq transport-info' },
  { from: to, to: from, what: 'iq transport-info' },
  { from, to, what: 'iq transport-info' },
  { from: to, to: from, what: 'iq transport-info' },
];

/** One content of a transport-info as transports() summarises it; candidates go without fingerprint. */
const tx = (name: string, ufrag: string, setup: string | undefined, candidates: string[] = []) => ({
  name,
  ufrag,
  pwd: 'restartedpwd1abcdefghijkl',
  setup,
  candidates,
});

describe('restartIce() (XEP-0176 §5.9)', () => {
  it('by the initiator: new credentials both ways, candidates follow, the call stays connected', async () => {
    const { net, call, bc, a, b, mark, ua, ub } = await connected();
    call.restartIce();
    await run(net);
    expect(since(net, mark)).toEqual(RESTART_WIRE(A, B));
    // Each side keeps its original DTLS setup (alice actpass in offers, bob active), so roles never flip;
    // the first candidates of the new generation follow in one batch per side.
    expect(net.jingles.slice(mark.jingles).map((j) => transports(j.jingle))).toEqual([
      [tx('0', `${ua}r1`, 'actpass'), tx('1', `${ua}r1`, 'actpass')],
      [tx('0', `${ub}r1`, 'active'), tx('1', `${ub}r1`, 'active')],
      [tx('0', `${ua}r1`, undefined, ['40100 gen 1'])],
      [tx('0', `${ub}r1`, undefined, ['40100 gen 1'])],
    ]);
    expect([remoteUfrags(call), remoteUfrags(bc)]).toEqual([
      [`a=ice-ufrag:${ub}r1`],
      [`a=ice-ufrag:${ua}r1`],
    ]);
    expect([call.state, bc.state]).toEqual(['connected', 'connected']);
    expect([a, b]).toEqual([
      { states: [], events: [{ 'ice-restart': { by: 'local' } }] },
      { states: [], events: [{ 'ice-restart': { by: 'remote' } }] },
    ]);
  });

  it('by the responder: the same the other way round, each side keeps its DTLS role', async () => {
    const { net, call, bc, a, b, mark, ua, ub } = await connected();
    bc.restartIce();
    await run(net);
    expect(since(net, mark)).toEqual(RESTART_WIRE(B, A));
    // Alice's actpass becomes the role she took (passive) in her answer (XEP-0320 §4).
    expect(net.jingles.slice(mark.jingles).map((j) => transports(j.jingle))).toEqual([
      [tx('0', `${ub}r1`, 'active'), tx('1', `${ub}r1`, 'active')],
      [tx('0', `${ua}r1`, 'passive'), tx('1', `${ua}r1`, 'passive')],
      [tx('0', `${ub}r1`, undefined, ['40100 gen 1'])],
      [tx('0', `${ua}r1`, undefined, ['40100 gen 1'])],
    ]);
    expect([remoteUfrags(call), remoteUfrags(bc)]).toEqual([
      [`a=ice-ufrag:${ub}r1`],
      [`a=ice-ufrag:${ua}r1`],
    ]);
    expect([call.state, bc.state]).toEqual(['connected', 'connected']);
    expect([a, b]).toEqual([
      { states: [], events: [{ 'ice-restart': { by: 'remote' } }] },
      { states: [], events: [{ 'ice-restart': { by: 'local' } }] },
    ]);
  });

  it('glare: both restart at once, the initiator wins (XEP-0166 §7.2.16) and bob answers it', async () => {
    const { net, call, bc, a, b, mark, ua, ub } = await connected();
    call.restartIce();
    bc.restartIce();
    await run(net);
    expect(since(net, mark)).toEqual([
      { from: A, to: B, what: 'iq transport-info' },
      { from: B, to: A, what: 'iq transport-info' },
      { from: B, to: A, what: 'iq transport-info' },
      { from: A, to: B, what: 'iq-error conflict' }, // <tie-break/>: alice's offer wins
      { from: A, to: B, what: 'iq transport-info' },
      { from: B, to: A, what: 'iq transport-info' },
    ]);
    expect([remoteUfrags(call), remoteUfrags(bc)]).toEqual([
      [`a=ice-ufrag:${ub}r2`],
      [`a=ice-ufrag:${ua}r1`],
    ]);
    expect([a, b]).toEqual([
      { states: [], events: [{ 'ice-restart': { by: 'local' } }] },
      { states: [], events: [{ 'ice-restart': { by: 'local' } }, { 'ice-restart': { by: 'remote' } }] },
    ]);
  });

  it('throws InvalidStateError before the session is active, during a restart and after the end', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    net.add(B, [...ADVERTISED_FEATURES]);
    net.befriend('alice@example.org', 'bob@example.org');
    const ringing = alice.call('bob@example.org', { audio: true });
    const misuse = new InvalidStateError('restartIce(): no active session, or a restart runs');
    expect(() => ringing.restartIce()).toThrow(misuse);
    ringing.hangup();
    const { net: net2, call } = await connected();
    call.restartIce();
    expect(() => call.restartIce()).toThrow(misuse); // queued, not sent yet
    await net2.settle();
    call.restartIce(); // the first one is answered: a second may start
    call.hangup();
    expect(() => call.restartIce()).toThrow(misuse);
  });
});

describe("the peer's restart, Conversations style (docs/reference/deployed-clients.md §3.17)", () => {
  it('a transport-info with new ufrag/pwd and zero candidates is answered with our new credentials', async () => {
    const { net, bc, b, mark, ub } = await connected();
    // Alice's device becomes a Conversations phone that acks everything and restarts by hand.
    const heard: Element[] = [];
    net.managers.set(A, {
      handleIq: ({ jingle }: { jingle: Element }) => (heard.push(jingle), true),
      handleMessage: () => undefined,
    } as unknown as CallManager);
    const restart = new Element('jingle', { xmlns: NS_JINGLE_1, action: 'transport-info', sid: bc.id });
    for (const name of ['0', '1'])
      restart
        .c('content', { creator: 'initiator', name })
        .c('transport', { xmlns: NS_JINGLE_ICE_UDP_1, ufrag: 'Cv2x', pwd: 'convpwdconvpwdconvpwd2' })
        .c('fingerprint', { xmlns: NS_JINGLE_DTLS_0, hash: 'sha-256', setup: 'actpass' })
        .t(FP);
    const bobManager = net.managers.get(B);
    expect(bobManager?.handleIq({ id: 'c1', from: A, jingle: restart })).toEqual(true);
    await run(net);
    expect(since(net, mark)).toEqual([
      { from: B, to: A, what: 'iq transport-info' },
      { from: B, to: A, what: 'iq transport-info' },
    ]);
    expect(heard.map(transports)).toEqual([
      [tx('0', `${ub}r1`, 'active'), tx('1', `${ub}r1`, 'active')],
      [tx('0', `${ub}r1`, undefined, ['40100 gen 1'])],
    ]);
    expect(remoteUfrags(bc)).toEqual(['a=ice-ufrag:Cv2x']);
    expect(b).toEqual({ states: [], events: [{ 'ice-restart': { by: 'remote' } }] });
  });
});

describe('automatic restart', () => {
  it('failed: one restart; failed again before connected ends the call with connectivity-error', async () => {
    const { net, call, a, mark } = await connected();
    pcOf(call).setConnectionState('failed');
    await run(net);
    expect(since(net, mark)).toEqual(RESTART_WIRE(A, B));
    pcOf(call).setConnectionState('connecting');
    pcOf(call).setConnectionState('failed');
    await net.settle();
    expect(since(net, mark).slice(4)).toEqual([
      { from: A, to: B, what: 'iq session-terminate (connectivity-error)' },
      { from: A, to: B, what: 'jmi finish (connectivity-error)' },
      { from: B, to: A, what: 'jmi finish (connectivity-error)' },
    ]);
    const reason = {
      condition: 'connectivity-error',
      text: 'ICE failed: no candidate pair between the two parties works.',
    };
    expect(a).toEqual({
      states: ['reconnecting', 'connecting', 'reconnecting', 'ended'],
      events: [{ 'ice-restart': { by: 'local' } }, { ended: { reason, by: 'error' } }],
    });
  });

  it('failed, and the peer acks our restart but never answers: the call ends after the grace period', async () => {
    const { net, call, a, mark } = await connected();
    net.managers.set(B, {
      handleIq: () => true,
      handleMessage: () => undefined,
    } as unknown as CallManager);
    pcOf(call).setConnectionState('failed');
    await run(net);
    expect(since(net, mark)).toEqual([
      { from: A, to: B, what: 'iq transport-info' },
      { from: A, to: B, what: 'iq transport-info' },
    ]);
    net.clock.advance(RESTART_GRACE_MS - 21);
    await net.settle();
    expect(call.state).toEqual('reconnecting');
    net.clock.advance(1);
    await net.settle();
    expect(since(net, mark).slice(2)).toEqual([
      { from: A, to: B, what: 'iq session-terminate (connectivity-error)' },
      { from: A, to: B, what: 'jmi finish (connectivity-error)' },
    ]);
    expect(a).toEqual({
      states: ['reconnecting', 'ended'],
      events: [{ 'ice-restart': { by: 'local' } }, { ended: { reason: ICE_FAILED, by: 'error' } }],
    });
  });

  it('failed after the restart connected once more: a new attempt', async () => {
    const { net, call, a, mark, ub } = await connected();
    for (let i = 0; i < 2; i++) {
      pcOf(call).setConnectionState('failed');
      await run(net);
      pcOf(call).setConnectionState('connected');
    }
    expect(since(net, mark)).toEqual([...RESTART_WIRE(A, B), ...RESTART_WIRE(A, B)]);
    expect(a.events).toEqual([{ 'ice-restart': { by: 'local' } }, { 'ice-restart': { by: 'local' } }]);
    expect(remoteUfrags(call)).toEqual([`a=ice-ufrag:${ub}r2`]);
  });

  it('disconnected for iceRestartAfterMs (3 s): restart; reconnected sooner: none', async () => {
    const { net, call, a, mark } = await connected();
    pcOf(call).setConnectionState('disconnected');
    net.clock.advance(2000);
    pcOf(call).setConnectionState('connected');
    pcOf(call).setConnectionState('disconnected');
    net.clock.advance(2999);
    await net.settle();
    expect(since(net, mark)).toEqual([]);
    net.clock.advance(1);
    await run(net);
    expect(since(net, mark)).toEqual(RESTART_WIRE(A, B));
    expect(a).toEqual({
      states: ['reconnecting', 'connected', 'reconnecting'],
      events: [{ 'ice-restart': { by: 'local' } }],
    });
  });

  it('iceRestartAfterMs: 0 restarts only on failed', async () => {
    const { net, call, a, mark } = await connected({ iceRestartAfterMs: 0 });
    pcOf(call).setConnectionState('disconnected');
    net.clock.advance(60_000);
    await net.settle();
    expect(since(net, mark)).toEqual([]);
    expect(a.events).toEqual([]);
    pcOf(call).setConnectionState('failed');
    await run(net);
    expect(since(net, mark)).toEqual(RESTART_WIRE(A, B));
    expect(a).toEqual({
      states: ['reconnecting'],
      events: [{ 'ice-restart': { by: 'local' } }],
    });
  });
});
