// A call whose browser gathers no ICE candidate (issue #9): it ends at once with a reason a person can
// act on, as a failure in the history, and the callee's devices get the retract with that reason,
// instead of a silent "Retracted" ~120 ms after the propose.
import { describe, expect, it } from 'vitest';
import { noCandidatesText } from '../../../../src/client/calls/gathering.js';
import type { Call } from '../../../../src/client/calls/call.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { NS_JINGLE_MESSAGE_0 } from '../../../../src/jingle/ns.js';
import { endReasonText } from '../../../../web/src/words.js';
import type { FakePeerConnection } from './fakes.js';
import { FakeNetwork } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';
const NO_JMI = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);
const pcOf = (call: Call) => (call as unknown as { pc: FakePeerConnection }).pc;
const NO_PATH = {
  condition: 'connectivity-error',
  text: "No network path for the call: the caller's browser found no usable network address (check the network connection or firewall).",
};

function network(bobFeatures: readonly string[]) {
  const net = new FakeNetwork();
  const alice = net.add(A, [...ADVERTISED_FEATURES]);
  const bob = net.add(B, [...bobFeatures]);
  net.befriend('alice@example.org', 'bob@example.org');
  return { net, alice, bob };
}

describe('the caller gathers no candidate', () => {
  it('JMI: the call fails with the reason, the retract carries it, history says failed', async () => {
    const { net, alice, bob } = network(ADVERTISED_FEATURES);
    const call = alice.call('bob@example.org', { audio: true });
    pcOf(call).gathers = false;
    await net.settle();
    expect(noCandidatesText('outgoing')).toBe(NO_PATH.text);
    expect(call.end).toEqual({ reason: NO_PATH, by: 'error', outcome: 'cancelled' });
    expect(net.wire.filter((w) => w.from === A)).toEqual([
      { from: A, to: 'bob@example.org', what: 'jmi propose' },
      { from: A, to: 'bob@example.org', what: 'jmi retract (connectivity-error)' },
    ]);
    expect(alice.history.map((h) => [h.direction, h.outcome, h.reason])).toEqual([
      ['outgoing', 'failed', NO_PATH],
    ]);
    expect(bob.history.map((h) => [h.direction, h.outcome, h.reason])).toEqual([
      ['incoming', 'missed', NO_PATH],
    ]);
    expect(
      endReasonText(
        { condition: call.end?.reason.condition, text: call.end?.reason.text, by: call.end?.by },
        'bob',
      ),
    ).toBe(`Connection failed: ${NO_PATH.text}`);
  });

  it('direct session-initiate: the call fails with the reason, the peer gets it in session-terminate', async () => {
    const { net, alice } = network(NO_JMI);
    const call = alice.call('bob@example.org', { audio: true });
    pcOf(call).gathers = false;
    await net.settle();
    expect(call.end).toEqual({ reason: NO_PATH, by: 'error' });
    expect(net.wire.slice(0, 2)).toEqual([
      { from: A, to: B, what: 'iq session-initiate' },
      { from: A, to: B, what: 'iq session-terminate (connectivity-error)' },
    ]);
    expect(net.jingles[1]?.jingle.getChild('reason')?.getChildText('text')).toBe(NO_PATH.text);
    expect(alice.history.map((h) => [h.direction, h.outcome, h.reason])).toEqual([
      ['outgoing', 'failed', NO_PATH],
    ]);
  });

  it('candidates gathered: nothing changes', async () => {
    const { net, alice } = network(ADVERTISED_FEATURES);
    const call = alice.call('bob@example.org', { audio: true });
    await net.settle();
    expect([call.end, pcOf(call).iceGatheringState]).toEqual([undefined, 'complete']);
  });
});
