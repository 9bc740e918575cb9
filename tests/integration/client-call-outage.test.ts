// Calls across a Prosody crash (issue #11 defect 6) with the real client on a real Prosody; the peer
// connections are the unit tests' fakes (tests/unit/client/calls/fakes.ts), so what is tested is the
// signaling: after the crash a live call asks its peer whether the session still exists (XEP-0166
// §6.8 session-info ping) and ends only if the peer no longer has it.
import type { Element } from 'ltx';
import { xml } from '../../src/client/xmpp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call, Client } from '../../src/client/index.js';
import { ENDED_WHILE_RECONNECTING } from '../../src/client/outage/reconcile-calls.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { tcpRelay, type TcpRelay } from '../support/tcp-relay.js';
import { FakePeerConnection, fakeGetUserMedia } from '../unit/client/calls/fakes.js';
import { clientFor, startContactsPair, until } from './client-support.js';

let prosody: ProsodyHandle;
const running: Client[] = [];
const relays: TcpRelay[] = [];

beforeAll(async () => {
  prosody = await startContactsPair();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  await Promise.all(relays.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await prosody?.stop();
});

async function user(name: 'alice' | 'bob', resource: string, service = prosody.wsUrl): Promise<Client> {
  const c = clientFor(prosody, name, `${name}pass`, {
    service,
    resource,
    iceServers: false,
    random: () => 0,
    calls: {
      peerConnection: (config) => new FakePeerConnection(config) as unknown as RTCPeerConnection,
      getUserMedia: fakeGetUserMedia,
    },
  });
  running.push(c);
  await c.start();
  return c;
}

/** Resolves when `client` receives a Jingle IQ-set with `action`. */
function received(client: Client, action: string): Promise<void> {
  return new Promise((resolve) => {
    const off = client.internals.onStanza('iq', (iq: Element) => {
      if (iq.getChild('jingle', 'urn:xmpp:jingle:1')?.attrs['action'] === action) resolve(off());
    });
  });
}

/**
 * alice calls bob, bob accepts, and both Jingle sessions are active (the fake peer connections never
 * connect). Both Calls say 'connecting' as soon as bob proceeds (XEP-0353), before alice's
 * session-initiate has reached him: a crash then loses it, bob rightly answers the ping
 * unknown-session and the call ends, which is not the case this file tests (it made the test flaky).
 */
async function answeredCall(alice: Client, bob: Client): Promise<[Call, Call]> {
  const bobBare = `bob@${prosody.domain}`;
  await until(() => alice.canCall(bobBare).length > 0);
  const incoming = new Promise<Call>((resolve) => {
    const off = bob.on('incoming-call', (c) => (off(), resolve(c)));
  });
  const accepted = received(alice, 'session-accept');
  const ours = alice.call(bobBare);
  const theirs = await incoming;
  await theirs.accept();
  await accepted;
  // alice's result to the session-accept reaches bob before her disco query does (one route, in order).
  await roundTrip(alice, bob);
  expect({ ours: ours.state, theirs: theirs.state }).toEqual({ ours: 'connecting', theirs: 'connecting' });
  return [ours, theirs];
}

/** A disco#info query from `a` to `b`, answered. */
async function roundTrip(a: Client, b: Client): Promise<void> {
  await a.internals.iqCaller.get(xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }), b.jid);
}

/** Resolves when `client` receives an empty session-info (a ping) for `sid`. */
function pinged(client: Client, sid: string): Promise<void> {
  return new Promise((resolve) => {
    const off = client.internals.onStanza('iq', (iq: Element) => {
      const j = iq.getChild('jingle', 'urn:xmpp:jingle:1');
      if (j?.attrs['action'] === 'session-info' && j.attrs['sid'] === sid && j.children.length === 0)
        resolve(off());
    });
  });
}

describe('a call across a Prosody crash', () => {
  it('both come back with the call: the pings are answered and nothing ends', async () => {
    const alice = await user('alice', 'web');
    const bob = await user('bob', 'desk');
    const [ours, theirs] = await answeredCall(alice, bob);
    await prosody.kill();
    await until(() => alice.state !== 'online' && bob.state !== 'online');
    const pings = Promise.all([pinged(alice, ours.id), pinged(bob, ours.id)]);
    await prosody.revive();
    // Each side asked the other; a call that ended instead fails here with its reason, not a timeout.
    let answered = false;
    void pings.then(() => (answered = true));
    await until(() => answered || ours.end !== undefined || theirs.end !== undefined, 20_000);
    expect({ ours: ours.end, theirs: theirs.end }).toEqual({ ours: undefined, theirs: undefined });
    await pings;
    // One more round trip each way: the answers to the pings travelled before these.
    await Promise.all([roundTrip(alice, bob), roundTrip(bob, alice)]);
    expect({ ours: ours.end, theirs: theirs.end }).toEqual({ ours: undefined, theirs: undefined });
  });

  it("bob's app restarted during the outage (same resource, no call): alice's call ends once he is back", async () => {
    const alice = await user('alice', 'web');
    const bob = await user('bob', 'desk');
    const [ours] = await answeredCall(alice, bob);
    await prosody.kill();
    await until(() => alice.state !== 'online');
    await bob.stop(); // the app is gone; it could not tell anyone
    await prosody.revive();
    await until(() => alice.state === 'online', 20_000);
    expect(ours.end).toBeUndefined(); // bob is not back yet: his device does not answer the ping
    await user('bob', 'desk');
    await until(() => ours.end !== undefined, 10_000);
    expect(ours.end).toEqual({ reason: ENDED_WHILE_RECONNECTING, by: 'error' });
  });

  it("the crash loses alice's session-initiate (never acknowledged): it goes out again on her new session and the call goes on", async () => {
    // alice reaches Prosody through a relay that can lose what she sends (tests/support/tcp-relay.ts).
    const net = await tcpRelay(prosody.httpPort);
    relays.push(net);
    const alice = await user('alice', 'web', prosody.wsUrl.replace(`:${prosody.httpPort}/`, `:${net.port}/`));
    const bob = await user('bob', 'desk');
    const bobBare = `bob@${prosody.domain}`;
    await until(() => alice.canCall(bobBare).length > 0);
    const incoming = new Promise<Call>((resolve) => {
      const off = bob.on('incoming-call', (c) => (off(), resolve(c)));
    });
    const ours = alice.call(bobBare);
    const theirs = await incoming;
    net.mute(); // bob's proceed still reaches alice; her session-initiate is lost on the way
    await theirs.accept();
    const sm = alice.internals.xmpp.streamManagement;
    const unacked = (action: string) =>
      sm.outbound_q.some((q) => q.stanza.getChild('jingle', 'urn:xmpp:jingle:1')?.attrs['action'] === action);
    await until(() => unacked('session-initiate'));
    const initiated = received(bob, 'session-initiate');
    await prosody.kill();
    await until(() => alice.state !== 'online' && bob.state !== 'online');
    // bob back first: a repeat sent before his device is back would bounce (service-unavailable).
    net.cut();
    await prosody.revive();
    await until(() => bob.state === 'online', 20_000);
    net.heal();
    // The repeat reaches bob; a call that ended instead fails here with its reason, not a timeout.
    let repeated = false;
    void initiated.then(() => (repeated = true));
    await until(() => repeated || ours.end !== undefined || theirs.end !== undefined, 20_000);
    expect({ ours: ours.end, theirs: theirs.end }).toEqual({ ours: undefined, theirs: undefined });
    await until(() => ours.state === 'connecting' && theirs.state === 'connecting', 10_000);
    await Promise.all([roundTrip(alice, bob), roundTrip(bob, alice)]);
    expect({ ours: ours.end, theirs: theirs.end }).toEqual({ ours: undefined, theirs: undefined });
  });
});
