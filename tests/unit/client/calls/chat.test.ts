// The in-call chat is an XEP-0343 data channel, offered only to devices that advertise
// urn:xmpp:jingle:transports:dtls-sctp:1: Conversations ends a JMI call whose session-initiate has a
// content its propose did not name (security-error), and Dino/Monal have no data channels at all.
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../../src/client/calls/call.js';
import type { CallManager } from '../../../../src/client/calls/manager.js';
import { ADVERTISED_FEATURES } from '../../../../src/client/contacts/features.js';
import { InvalidStateError } from '../../../../src/client/errors.js';
import { NS_JINGLE_DTLS_SCTP_1, NS_JINGLE_MESSAGE_0 } from '../../../../src/jingle/ns.js';
import { FakeNetwork } from './fakes.js';

const A = 'alice@example.org/web';
const B = 'bob@example.org/phone';
const NO_DATA = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_DTLS_SCTP_1);
const NO_DATA_NO_JMI = NO_DATA.filter((f) => f !== NS_JINGLE_MESSAGE_0);

const nextIncoming = (m: CallManager): Promise<Call> =>
  new Promise((resolve) => {
    const off = m.events.on('incoming-call', (c) => (off(), resolve(c)));
  });

/** Alice calls Bob (whose device advertises `bobFeatures`), Bob accepts; both chat-state histories. */
async function connectedCall(bobFeatures: readonly string[]) {
  const net = new FakeNetwork();
  const alice = net.add(A, [...ADVERTISED_FEATURES]);
  const bob = net.add(B, [...bobFeatures]);
  net.befriend('alice@example.org', 'bob@example.org');
  const incoming = nextIncoming(bob);
  const call = alice.call('bob@example.org', { audio: true, video: true });
  const states = { alice: [call.chatState] as string[], bob: [] as string[] };
  call.on('chat-state', (s) => states.alice.push(s));
  await net.settle();
  const bc = await incoming;
  states.bob.push(bc.chatState);
  bc.on('chat-state', (s) => states.bob.push(s));
  await bc.accept();
  await net.settle();
  return { net, call, bc, states };
}

/** Each content of the session-initiate: name and description media. */
const offered = (net: FakeNetwork): string[] =>
  (
    net.jingles.find((j) => j.jingle.attrs['action'] === 'session-initiate')?.jingle.getChildren('content') ??
    []
  ).map((c: Element) => {
    // The data content has no <description>, only <sctpmap> in its transport (docs/sdp-mapping.md).
    const sctp = c.getChild('transport')?.getChild('sctpmap', NS_JINGLE_DTLS_SCTP_1);
    const media = c.getChild('description')?.attrs['media'];
    return `${String(c.attrs['name'])}:${String(media ?? (sctp === undefined ? 'nothing' : 'sctpmap'))}`;
  });

describe('in-call chat (XEP-0343 data channel)', () => {
  it('between two devices that take data channels: offered, and open on both sides', async () => {
    const { net, call, bc, states } = await connectedCall(ADVERTISED_FEATURES);
    expect(offered(net)).toEqual(['0:audio', '1:video', '2:sctpmap']);
    expect(states).toEqual({ alice: ['open'], bob: ['pending', 'open'] });
    call.sendChat('hi');
    expect([call.chatState, bc.chatState]).toEqual(['open', 'open']);
  });

  it.each([
    // With JMI Bob rings before any offer exists; a direct session-initiate brings the offer along.
    ['JMI (Conversations, Cheogram)', NO_DATA, ['pending', 'unavailable']],
    ['direct session-initiate (Dino)', NO_DATA_NO_JMI, ['unavailable']],
  ])(
    'to a device without data channels, %s: no data content, chat unavailable on both sides',
    async (_, features, bob) => {
      const { net, call, bc, states } = await connectedCall(features);
      expect(offered(net)).toEqual(['0:audio', '1:video']);
      expect(states).toEqual({ alice: ['unavailable'], bob });
      expect(() => call.sendChat('hi')).toThrow(
        new InvalidStateError(
          "sendChat(): this call has no chat channel (the other party's app does not take one)",
        ),
      );
      expect([call.state, bc.state, call.end]).toEqual(['connecting', 'connecting', undefined]);
    },
  );

  it('JMI to an account with one device that takes data channels and one that does not: none offered', async () => {
    const net = new FakeNetwork();
    const alice = net.add(A, [...ADVERTISED_FEATURES]);
    net.add('bob@example.org/web', [...ADVERTISED_FEATURES]);
    net.add(B, [...NO_DATA]);
    net.befriend('alice@example.org', 'bob@example.org');
    const call = alice.call('bob@example.org', { audio: true });
    expect(call.chatState).toBe('unavailable');
  });
});
