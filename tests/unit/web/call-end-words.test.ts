// What the caller reads when a call ends before it rang, from the real client parts up to the web
// app's words: the call layer (call-wire.ts) over a real, never-connected @xmpp/client (xmpp-fake.ts),
// the session engine, and endReasonText(). A change to any of them that loses the reason fails here.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../../src/client/index.js';
import { createCallLayer } from '../../../src/client/calls/wire.js';
import type { CallEnd } from '../../../src/client/calls/types.js';
import { ADVERTISED_FEATURES } from '../../../src/client/contacts/features.js';
import { NS_JINGLE_MESSAGE_0 } from '../../../src/jingle/ns.js';
import { endReasonText } from '../../../web/src/words.js';
import { FakePeerConnection, ManualClock, fakeGetUserMedia } from '../client/calls/fakes.js';
import { offlineXmpp } from '../client/xmpp-fake.js';

const ALICE = 'alice@localhost/web';
const BOB = 'bob@localhost/stanza';
/** StanzaJS 12.22.1 advertises Jingle RTP and ICE-UDP but not XEP-0353: we call it directly. */
const STANZAJS_FEATURES = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);

/** Alice's call layer; bob's app answers every session-initiate with `answer(id)`. */
function callBob(answer: (id: string) => string) {
  const h = offlineXmpp();
  const clock = new ManualClock();
  h.onWrite((text) => {
    const id = /^<iq [^>]*\bid="([^"]+)"/.exec(text)?.[1];
    if (id !== undefined && text.includes('action="session-initiate"'))
      setImmediate(() => h.receive(answer(id)));
  });
  const client = {
    jid: ALICE,
    presence: { of: (bare: string) => (bare === 'bob@localhost' ? [{ jid: BOB, priority: 0 }] : []) },
    features: (jid: string) => (jid === BOB ? new Set(STANZAJS_FEATURES) : undefined),
    roster: { list: () => [{ jid: 'bob@localhost', subscription: 'both' }] },
    iceServers: () => [],
    on: () => () => undefined,
    internals: {
      xmpp: h.xmpp,
      iqCaller: h.xmpp.iqCaller,
      iqCallee: h.xmpp.iqCallee,
      send: (s: Parameters<Client['internals']['send']>[0]) => h.xmpp.send(s),
      onStanza: () => () => undefined,
      onLost: () => () => undefined,
    },
  } as unknown as Client;
  const layer = createCallLayer(
    client,
    clock,
    { incoming: () => undefined, history: () => undefined, error: () => undefined },
    {
      peerConnection: (c) => new FakePeerConnection(c) as unknown as RTCPeerConnection,
      getUserMedia: fakeGetUserMedia,
    },
  );
  return layer.call('bob@localhost', { audio: true });
}

/** The call's end once every queued callback ran (no clock moves: nothing here may wait for a timer). */
async function endOf(call: { end: CallEnd | undefined }): Promise<CallEnd | undefined> {
  for (let i = 0; i < 100 && call.end === undefined; i++) await new Promise((r) => setImmediate(r));
  return call.end;
}

const refusal = (inner: string) => (id: string) =>
  `<iq xmlns='jabber:client' type='error' id='${id}' from='${BOB}' to='${ALICE}'>${inner}</iq>`;

describe('a call the other app refuses ends at once, in plain words', () => {
  it.each([
    [
      "StanzaJS's <error type='cancel'/> (no condition)",
      "<error type='cancel'/>",
      "bob's app refused the call",
    ],
    ['no <error/> at all', '', "bob's app refused the call"],
    [
      'service-unavailable',
      "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>",
      "bob's app could not take the call: it went offline or cannot take this kind of call",
    ],
  ])('%s', async (_name, inner, words) => {
    const end = await endOf(callBob(refusal(inner)));
    expect(end === undefined ? undefined : { by: end.by, condition: end.reason.condition }).toEqual({
      by: 'error',
      condition: 'general-error',
    });
    expect(
      endReasonText(end && { condition: end.reason.condition, text: end.reason.text, by: end.by }, 'bob'),
    ).toBe(words);
  });
});
