// Issue #14: a page that makes call after call keeps nothing of the ended ones but their history
// entries: no armed timer (JMI ring timers, the Jingle engine's timers, stats polls), at most
// ENDED_CALLS_KEPT ended Call objects (each with its closed peer connection), and the session table's
// ended sessions without their SDP.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/client/calls/call.js';
import { ENDED_CALLS_KEPT, type CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import type { FakePeerConnection } from './fakes.js';
import { FakeNetwork, placeAndAccept } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
const CALLS = 40;

const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;

/** One answered JMI call from alice to bob, connected, then hung up by `hangsUp`. */
async function oneCall(net: FakeNetwork, alice: CallManager, bob: CallManager, hangsUp: 'alice' | 'bob') {
  const { call, theirs: bc } = await placeAndAccept(net, alice, bob, 'bob@example.org', {
    audio: true,
    video: true,
  });
  net.clock.advance(20);
  await net.settle();
  pcOf(call).setConnectionState('connected');
  pcOf(bc).setConnectionState('connected');
  await net.settle();
  (hangsUp === 'alice' ? call : bc).hangup();
  await net.settle();
  return [call, bc] as const;
}

describe(`${CALLS} calls in a row`, () => {
  it('leave no timer, at most ENDED_CALLS_KEPT ended calls, slim ended sessions and the whole history', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    const bob = net.add(B, [...ADVERTISED_FEATURES]);
    net.befriend('alice@example.org', 'bob@example.org');
    const made: Call[] = [];
    for (let i = 0; i < CALLS; i++)
      made.push(...(await oneCall(net, alice, bob, i % 2 === 0 ? 'alice' : 'bob')));
    const sessions = (m: CallManager) => [...(m.engines?.jingle.table.sessions.values() ?? [])];
    const view = (m: CallManager) => ({
      calls: m.calls.size,
      live: m.live().length,
      history: m.history.length,
      heavySessions: sessions(m).filter((s) => s.contents.length > 0).length,
    });
    expect({
      timers: net.clock.pending(),
      alice: view(alice),
      bob: view(bob),
      closedPcs: made.filter((c) => pcOf(c).connectionState === 'closed').length,
      ended: made.filter((c) => c.state === 'ended').length,
    }).toEqual({
      timers: 0,
      alice: { calls: ENDED_CALLS_KEPT, live: 0, history: CALLS, heavySessions: 0 },
      bob: { calls: ENDED_CALLS_KEPT, live: 0, history: CALLS, heavySessions: 0 },
      closedPcs: 2 * CALLS,
      ended: 2 * CALLS,
    });
    // The newest ended calls are the ones kept (their ids refuse reuse, docs/calls.md "Call ids").
    expect([...alice.calls.keys()]).toEqual(
      made
        .filter((_, i) => i % 2 === 0)
        .slice(-ENDED_CALLS_KEPT)
        .map((c) => c.id),
    );
  });

  it('one ended call leaves no armed timer behind, whoever hung up', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    const bob = net.add(B, [...ADVERTISED_FEATURES]);
    net.befriend('alice@example.org', 'bob@example.org');
    await oneCall(net, alice, bob, 'bob');
    expect(net.clock.pending()).toEqual(0);
  });
});
