// After a new XMPP session, every live call pings its peer (empty session-info, XEP-0166 §6.8); a
// peer that no longer knows the session (it hung up while we were away, issue #11 defect 6) ends it.
import { describe, expect, it } from 'vitest';
import { CallReconciler, ENDED_WHILE_RECONNECTING } from '../../../../src/client/outage/reconcile-calls.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { answeredCall } from '../calls/fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/web';

async function liveCall() {
  const { net, alice, bob, call, theirs } = await answeredCall(A, B, ADVERTISED_FEATURES);
  net.clock.advance(100);
  await net.settle();
  const from = net.wire.length;
  return { net, alice, bob, call, theirs, after: () => net.wire.slice(from) };
}

describe('reconciling calls after our new session', () => {
  it('the peer still has the session: result, both calls go on', async () => {
    const { net, alice, call, theirs, after } = await liveCall();
    await new CallReconciler(alice).signalingBack({ resumed: false });
    await net.settle();
    expect({ wire: after(), ours: call.end, theirs: theirs.end }).toEqual({
      wire: [{ from: A, to: B, what: 'iq session-info' }],
      ours: undefined,
      theirs: undefined,
    });
  });

  it('the peer ended the session meanwhile: unknown-session ends ours with a clear reason', async () => {
    const { net, alice, call, after } = await liveCall();
    // Bob's device came back without the session (he hung up; the terminate never reached us).
    net.managers.delete(B);
    net.add(B, [...ADVERTISED_FEATURES]);
    await new CallReconciler(alice).signalingBack({ resumed: false });
    await net.settle();
    expect({ wire: after(), end: call.end, state: call.state }).toEqual({
      wire: [
        { from: A, to: B, what: 'iq session-info' },
        { from: B, to: A, what: 'iq-error item-not-found' },
        { from: A, to: B, what: 'iq session-terminate (gone)' },
        { from: A, to: B, what: 'jmi finish (gone)' },
        { from: B, to: A, what: 'iq-error item-not-found' },
      ],
      end: { reason: ENDED_WHILE_RECONNECTING, by: 'error' },
      state: 'ended',
    });
  });

  it('the peer has not come back yet (service-unavailable): the call goes on', async () => {
    const { net, alice, call } = await liveCall();
    net.managers.delete(B);
    await new CallReconciler(alice).signalingBack({ resumed: false });
    await net.settle();
    expect(call.end).toBeUndefined();
  });

  it('after a resumed session (XEP-0198 §5) nothing was lost: no ping', async () => {
    const { net, alice, call, after } = await liveCall();
    await new CallReconciler(alice).signalingBack({ resumed: true });
    await net.settle();
    expect({ wire: after(), end: call.end }).toEqual({ wire: [], end: undefined });
  });

  it('ended calls are not pinged', async () => {
    const { net, alice, call, after } = await liveCall();
    call.hangup();
    await net.settle();
    const before = after().length;
    await new CallReconciler(alice).signalingBack({ resumed: false });
    await net.settle();
    expect(after().slice(before)).toEqual([]);
  });
});

describe("reconciling calls when the peer's device comes back", () => {
  it('back without the session (its app restarted on the same resource): the ping ends our call', async () => {
    const { net, alice, call, after } = await liveCall();
    const calls = new CallReconciler(alice);
    await calls.presence('bob@example.org', []);
    net.managers.delete(B);
    net.add(B, [...ADVERTISED_FEATURES]);
    await calls.presence('bob@example.org', [B]);
    await net.settle();
    expect({ first: after()[0], end: call.end }).toEqual({
      first: { from: A, to: B, what: 'iq session-info' },
      end: { reason: ENDED_WHILE_RECONNECTING, by: 'error' },
    });
  });

  it('back with the session (resumed): one ping, the call goes on; later presence asks nothing', async () => {
    const { net, alice, call, after } = await liveCall();
    const calls = new CallReconciler(alice);
    await calls.presence('bob@example.org', []);
    await calls.presence('bob@example.org', [B]);
    await calls.presence('bob@example.org', [B]); // e.g. bob changed his status
    await net.settle();
    expect({ wire: after(), end: call.end }).toEqual({
      wire: [{ from: A, to: B, what: 'iq session-info' }],
      end: undefined,
    });
  });

  it('presence of other contacts, or of a peer that never went away, asks nothing', async () => {
    const { net, alice, after } = await liveCall();
    const calls = new CallReconciler(alice);
    await calls.presence('carol@example.org', []);
    await calls.presence('carol@example.org', ['carol@example.org/x']);
    await calls.presence('bob@example.org', [B]);
    await net.settle();
    expect(after()).toEqual([]);
  });

  it('after our new session the peer was not back (service-unavailable); its return asks again', async () => {
    const { net, alice, call, after } = await liveCall();
    const bob = net.managers.get(B);
    net.managers.delete(B);
    const calls = new CallReconciler(alice);
    await calls.signalingBack({ resumed: false });
    if (bob !== undefined) net.managers.set(B, bob);
    await calls.presence('bob@example.org', [B]);
    await net.settle();
    expect({ wire: after(), end: call.end }).toEqual({
      wire: [
        { from: A, to: B, what: 'iq session-info' },
        { from: A, to: B, what: 'iq session-info' },
      ],
      end: undefined,
    });
  });

  it('the peer came back while our ping was on its way (service-unavailable): we ask once more', async () => {
    const { net, alice, call, after } = await liveCall();
    const bob = net.managers.get(B);
    net.managers.delete(B);
    const calls = new CallReconciler(alice);
    const back = calls.signalingBack({ resumed: false });
    // Bob's presence arrives while the ping is in flight; the ping itself reached the server before
    // his device did. That presence will not come again, so the unanswered ping must not be the last.
    const seen = calls.presence('bob@example.org', [B]);
    setImmediate(() => bob !== undefined && net.managers.set(B, bob));
    await Promise.all([back, seen]);
    await net.settle();
    expect({ wire: after(), end: call.end }).toEqual({
      wire: [
        { from: A, to: B, what: 'iq session-info' },
        { from: A, to: B, what: 'iq session-info' },
      ],
      end: undefined,
    });
  });

  it('a call is unsure (its ICE restart held) from our new session until its ping is answered', async () => {
    const { net, alice, call } = await liveCall();
    const bob = net.managers.get(B);
    net.managers.delete(B);
    const calls = new CallReconciler(alice);
    const seen: boolean[] = [calls.unsure(call.id)];
    await calls.signalingBack({ resumed: false }); // bob not back: service-unavailable
    seen.push(calls.unsure(call.id));
    if (bob !== undefined) net.managers.set(B, bob);
    await calls.presence('bob@example.org', [B]);
    await net.settle();
    seen.push(calls.unsure(call.id));
    expect(seen).toEqual([false, true, false]);
  });

  it("a ping lost with the session it went out on does not hold back the next session's ping", async () => {
    const { net, alice, call, after } = await liveCall();
    const send = alice.env.sendIq;
    let lost = true;
    // The first ping leaves just before our stream drops again: xmpp.js never settles it (until its
    // timeout), and no answer comes.
    alice.env.sendIq = (to, jingle) => (lost ? ((lost = false), new Promise(() => {})) : send(to, jingle));
    const calls = new CallReconciler(alice);
    void calls.signalingBack({ resumed: false });
    await net.settle();
    const held = calls.unsure(call.id);
    await calls.signalingBack({ resumed: false }); // the next new session
    await net.settle();
    expect({ held, unsure: calls.unsure(call.id), wire: after(), end: call.end }).toEqual({
      held: true,
      unsure: false,
      wire: [{ from: A, to: B, what: 'iq session-info' }],
      end: undefined,
    });
  });
});
