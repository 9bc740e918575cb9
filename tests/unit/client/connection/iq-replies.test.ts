// IQ replies (issues #9 and #11): every reply to one of our requests settles it when it arrives,
// however malformed, and our error replies never echo the request. These run the real @xmpp/iq
// caller and callee of an @xmpp/client instance (never connected: its socket write is captured).
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { repairErrorReply, withoutPayload } from '../../../../src/client/connection/iq-replies.js';
import { xml } from '../../../../src/client/xmpp.js';
import { errorFromXml } from '../../../../src/jingle/session/index.js';
import { offlineXmpp, stanza } from '../xmpp-fake.js';

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';

const harness = () => offlineXmpp();

/** What the request settled with by the time every queued callback ran; 'pending' if it did not. */
async function settledAfter(request: Promise<unknown>, reply: () => void): Promise<unknown> {
  const outcome = request.then(
    () => 'result',
    (e: { name?: string; condition?: string; type?: string; text?: string; element?: Element }) => ({
      name: e.name,
      condition: e.condition,
      type: e.type,
      text: e.text,
      read: e.element === undefined ? undefined : errorFromXml(e.element),
    }),
  );
  reply();
  return Promise.race([outcome, new Promise((r) => setImmediate(() => r('pending')))]);
}

const initiate = () =>
  xml(
    'iq',
    { type: 'set', to: 'bob@localhost/stanza', id: 'si1' },
    xml('jingle', { xmlns: 'urn:xmpp:jingle:1', action: 'session-initiate', sid: 's1' }),
  );
const reply = (inner: string) =>
  `<iq xmlns='jabber:client' type='error' id='si1' from='bob@localhost/stanza' to='alice@localhost/web'>${inner}</iq>`;

describe('every error reply settles the request at once', () => {
  it.each([
    [
      "StanzaJS 12.22.1's answer to a session-initiate it cannot apply: <error type='cancel'/>",
      "<error type='cancel'/>",
      {
        condition: 'undefined-condition',
        type: 'cancel',
        text: '',
        read: { type: 'cancel', condition: 'undefined-condition' },
      },
    ],
    [
      'no <error/> at all',
      '',
      {
        condition: 'undefined-condition',
        type: 'cancel',
        text: '',
        read: { type: 'cancel', condition: 'undefined-condition' },
      },
    ],
    [
      'only a <text/>, no type',
      `<error><text xmlns='${STANZAS}'>no thanks</text></error>`,
      {
        condition: 'undefined-condition',
        type: 'cancel',
        text: 'no thanks',
        read: { type: 'cancel', condition: 'undefined-condition' },
      },
    ],
    [
      'a condition in a foreign namespace only',
      "<error type='modify'><made-up xmlns='urn:example:x'/></error>",
      {
        condition: 'undefined-condition',
        type: 'modify',
        text: '',
        read: { type: 'modify', condition: 'undefined-condition' },
      },
    ],
    [
      'an unknown condition in the stanzas namespace is passed on',
      `<error type='wait'><made-up xmlns='${STANZAS}'/></error>`,
      { condition: 'made-up', type: 'wait', text: '', read: { type: 'wait', condition: 'made-up' } },
    ],
    [
      'junk around a real condition, a bogus type',
      `<error type='bogus'>words<foo/><text xmlns='${STANZAS}'>hi</text><bar xmlns='urn:example:x'/><item-not-found xmlns='${STANZAS}'/><unknown-session xmlns='${JINGLE_ERRORS}'/></error><junk/>`,
      {
        condition: 'item-not-found',
        type: 'cancel',
        text: 'hi',
        read: { type: 'cancel', condition: 'item-not-found', jingleCondition: 'unknown-session' },
      },
    ],
    [
      'a well-formed Jingle error is read as before',
      `<error type='cancel'><item-not-found xmlns='${STANZAS}'/><unknown-session xmlns='${JINGLE_ERRORS}'/></error>`,
      {
        condition: 'item-not-found',
        type: 'cancel',
        text: '',
        read: { type: 'cancel', condition: 'item-not-found', jingleCondition: 'unknown-session' },
      },
    ],
  ])('%s', async (_name, inner, expected) => {
    const h = harness();
    const outcome = await settledAfter(h.xmpp.iqCaller.request(initiate()), () => h.receive(reply(inner)));
    expect(outcome).toEqual({ name: 'StanzaError', ...expected });
    expect(h.xmpp.iqCaller.handlers.size).toBe(0);
  });

  it('a result with junk around its payload resolves', async () => {
    const h = harness();
    const ok = `<iq xmlns='jabber:client' type='result' id='si1' from='bob@localhost/stanza'>x<a/><b xmlns='urn:x'/></iq>`;
    expect(await settledAfter(h.xmpp.iqCaller.request(initiate()), () => h.receive(ok))).toBe('result');
  });

  it('leaves stanzas other than error iqs untouched', () => {
    for (const text of [
      "<iq type='result' id='1'><error/></iq>",
      "<message type='error' id='1'><error type='cancel'/></message>",
      "<iq type='get' id='1'><query xmlns='urn:x'/></iq>",
    ]) {
      const el = stanza(text);
      repairErrorReply(el);
      expect(el.toString()).toBe(stanza(text).toString());
    }
  });
});

describe('our error replies carry only <error/> (RFC 6120 §8.3.1)', () => {
  const big = 'x'.repeat(100_000);

  it.each([
    [
      'an unknown namespace: @xmpp/iq answers service-unavailable',
      `<iq xmlns='jabber:client' type='get' id='big1' from='mallory@localhost/x' to='alice@localhost/web'><query xmlns='urn:example:unknown'>${big}</query></iq>`,
      '<iq to="mallory@localhost/x" from="alice@localhost/web" id="big1" type="error" xmlns="jabber:client"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
    [
      'two payloads: @xmpp/iq answers bad-request',
      `<iq xmlns='jabber:client' type='set' id='big2' from='mallory@localhost/x'><a xmlns='urn:x'>${big}</a><b xmlns='urn:x'/></iq>`,
      '<iq to="mallory@localhost/x" id="big2" type="error" xmlns="jabber:client"><error type="modify"><bad-request xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
    [
      'a handler that returns an <error/>',
      `<iq xmlns='jabber:client' type='set' id='big3' from='mallory@localhost/x'><refuse xmlns='urn:example:handled'>${big}</refuse></iq>`,
      '<iq to="mallory@localhost/x" id="big3" type="error" xmlns="jabber:client"><error type="cancel"><not-allowed xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
    [
      // Shapes the wire fuzzer found (seed 20261207): the reply kept the request's element instead of ours.
      'a payload that is itself an <error/>: the reply carries ours, not the echo',
      `<iq xmlns='jabber:client' type='set' id='fz-333' from='mallory@localhost/x'><error type='cancel'><not-acceptable/><candidate id='0' port='9'/></error></iq>`,
      '<iq to="mallory@localhost/x" id="fz-333" type="error" xmlns="jabber:client"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
    [
      'a payload <error/> of another namespace',
      `<iq xmlns='jabber:client' type='set' id='fz-342' from='mallory@localhost/x'><error type='cancel' xmlns='urn:xmpp:jingle:apps:rtp:1'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
      '<iq to="mallory@localhost/x" id="fz-342" type="error" xmlns="jabber:client"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
    [
      'a handler that throws: internal-server-error',
      `<iq xmlns='jabber:client' type='get' id='big4' from='mallory@localhost/x'><throw xmlns='urn:example:handled'>${big}</throw></iq>`,
      '<iq to="mallory@localhost/x" id="big4" type="error" xmlns="jabber:client"><error type="cancel"><internal-server-error xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>',
    ],
  ])('%s', async (_name, request, expected) => {
    const h = harness();
    h.xmpp.on('error', () => undefined); // the throwing handler's error is reported on the client
    h.xmpp.iqCallee.set('urn:example:handled', 'refuse', () =>
      xml('error', { type: 'cancel' }, xml('not-allowed', { xmlns: STANZAS })),
    );
    h.xmpp.iqCallee.get('urn:example:handled', 'throw', () => {
      throw new Error('handler broke');
    });
    h.receive(request);
    await new Promise((r) => setImmediate(r));
    expect(h.written).toEqual([expected]);
  });

  it('results keep their payload', () => {
    const el = stanza("<iq type='result' id='1'><query xmlns='urn:x'><item/></query></iq>");
    expect(withoutPayload(el).toString()).toBe(
      '<iq type="result" id="1"><query xmlns="urn:x"><item/></query></iq>',
    );
  });
});
