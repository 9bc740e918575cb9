// Our client calls an app that refuses the session-initiate the way StanzaJS 12.22.1 does, over a real
// Prosody (issue #9): `<iq type='error'><error type='cancel'/></iq>`, no condition. The call must end
// when that reply arrives, with the refusal as its reason, and the web app must say so in plain words;
// before, @xmpp/iq dropped the reply and the caller saw "Calling…" for 30 s, then "No answer".
// The peer is a raw client that looks like StanzaJS to us (caps, disco#info, no XEP-0353); our client
// runs in Node with the call layer's WebRTC test doubles (no media is needed to be refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/index.js';
import { ADVERTISED_FEATURES } from '../../src/client/contacts/features.js';
import { NS_JINGLE_MESSAGE_0 } from '../../src/jingle/ns.js';
import type { ProsodyHandle } from '../support/prosody.js';
import { endReasonText } from '../../web/src/words.js';
import { FakePeerConnection, fakeGetUserMedia } from '../unit/client/calls/fakes.js';
import { aliceAndRawBob, until, type AliceAndRawBob } from './client-support.js';
import type { RawXmpp } from '../support/raw-xmpp.js';

const STANZAJS_FEATURES = ADVERTISED_FEATURES.filter((f) => f !== NS_JINGLE_MESSAGE_0);
const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');

let peers: AliceAndRawBob;
let prosody: ProsodyHandle;
let alice: Client;
let bob: RawXmpp;

beforeAll(async () => {
  peers = await aliceAndRawBob({
    calls: {
      peerConnection: (c) => new FakePeerConnection(c) as unknown as RTCPeerConnection,
      getUserMedia: fakeGetUserMedia,
    },
  });
  ({ prosody, alice, bob } = peers);
  // XEP-0115: available with caps; alice asks disco#info for the node#ver and gets StanzaJS's features.
  await bob.send(
    `<presence xmlns='jabber:client'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://stanzajs.org' ver='stanzajs-ver'/></presence>`,
  );
  // Alice's client's query (Prosody's PEP asks too, for both bare JIDs: left unanswered, it does not matter here).
  const { el } = await bob.next(
    (s) =>
      s.name === 'iq' &&
      s.attrs.from === alice.jid &&
      s.getChild('query')?.attrs.xmlns === 'http://jabber.org/protocol/disco#info',
  );
  await bob.send(
    `<iq xmlns='jabber:client' type='result' id='${attr(String(el.attrs.id))}' to='${attr(String(el.attrs.from))}'>` +
      `<query xmlns='http://jabber.org/protocol/disco#info' node='${attr(String(el.getChild('query')?.attrs.node ?? ''))}'>` +
      `<identity category='client' type='web' name='StanzaJS'/>` +
      STANZAJS_FEATURES.map((f) => `<feature var='${attr(f)}'/>`).join('') +
      `</query></iq>`,
  );
  await until(() => alice.canCall(`bob@${prosody.domain}`).length > 0);
});
afterAll(() => peers?.stop());

describe('the other app refuses our call', () => {
  it("StanzaJS's condition-less error ends the call when it arrives, and the app says who refused", async () => {
    const call = alice.call(`bob@${prosody.domain}`, { audio: true });
    const { el } = await bob.next(
      (s) => s.name === 'iq' && s.getChild('jingle')?.attrs.action === 'session-initiate',
    );
    await bob.send(
      `<iq xmlns='jabber:client' type='error' id='${attr(String(el.attrs.id))}' to='${attr(alice.jid ?? '')}'><error type='cancel'/></iq>`,
    );
    await until(() => call.end !== undefined);
    expect(call.end).toEqual({
      reason: { condition: 'general-error', text: 'The other party refused the call (undefined-condition).' },
      by: 'error',
    });
    const end = call.end;
    expect(
      endReasonText(end && { condition: end.reason.condition, text: end.reason.text, by: end.by }, 'bob'),
    ).toBe("bob's app refused the call");
    expect(alice.calls.history.map((h) => [h.direction, h.outcome])).toEqual([['outgoing', 'failed']]);
  });
});
