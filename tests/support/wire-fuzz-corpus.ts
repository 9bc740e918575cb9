// The stanzas the wire fuzzer (wire-fuzz.ts) starts from: every XEP example and interop capture in
// tests/fixtures, the Jingle our translator makes from real Chromium and XEP SDPs (what our client
// sends), and hand-written JMI, disco, presence, message, carbon and MAM stanzas. Templates are plain
// ltx trees; the generator addresses them (to/id/type) and the live call's sid at build time.
import { readdirSync, readFileSync } from 'node:fs';
import { parse, type Element } from 'ltx';
import { sdpToJingle } from '../../src/jingle/index.js';
import {
  NS_CARBONS_2,
  NS_DELAY,
  NS_FORWARD_0,
  NS_HINTS,
  NS_JINGLE_1,
  NS_JINGLE_ICE_UDP_1,
  NS_JINGLE_MESSAGE_0,
  NS_JINGLE_RTP_1,
  NS_JINGLE_RTP_INFO_1,
} from '../../src/jingle/ns.js';
import { xml } from '../../src/client/xmpp.js';

export interface Template {
  /** Where it came from: a fixture file, `translator:<sdp file>` or `synthetic:<what>`. */
  origin: string;
  el: Element;
}

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** The XML fixtures: XEP examples (one stanza or fragment per file) and interop captures. */
function xmlFixtures(): Template[] {
  const out: Template[] = [];
  for (const dir of ['xep-examples', 'interop', 'cli']) {
    for (const f of readdirSync(`${FIXTURES}${dir}`)
      .filter((n) => n.endsWith('.xml'))
      .sort()) {
      try {
        out.push({ origin: `${dir}/${f}`, el: parse(readFileSync(`${FIXTURES}${dir}/${f}`, 'utf8')) });
      } catch {
        // A fixture with two top-level elements (a few XEP examples) is not one stanza: skip it.
      }
    }
  }
  return out;
}

/** session-initiate bodies as our client sends them: the translator on real SDPs (ours and XEPs'). */
function translatorStanzas(): Template[] {
  const out: Template[] = [];
  for (const dir of ['sdp', 'golden']) {
    for (const f of readdirSync(`${FIXTURES}${dir}`)
      .filter((n) => n.endsWith('.sdp'))
      .sort()) {
      try {
        const jingle = sdpToJingle(readFileSync(`${FIXTURES}${dir}/${f}`, 'utf8'), {
          role: f.includes('answer') ? 'responder' : 'initiator',
        });
        jingle.attrs.action = f.includes('answer') ? 'session-accept' : 'session-initiate';
        jingle.attrs.sid = 'translator-sid';
        out.push({ origin: `translator:${dir}/${f}`, el: xml('iq', { type: 'set' }, jingle) });
      } catch {
        // SDPs the translator rejects on purpose (tests/unit covers them) make no stanza.
      }
    }
  }
  return out;
}

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/** Hand-written stanzas of the kinds the fixtures lack (XEP-0030/0199/0280/0313, RFC 6121). */
function synthetic(): Template[] {
  const jmi = (kind: string, ...children: Element[]) =>
    xml(
      'message',
      { type: 'chat' },
      xml(kind, { xmlns: NS_JINGLE_MESSAGE_0, id: 'jmi-sid' }, ...children),
      xml('store', { xmlns: NS_HINTS }),
    );
  const rtp = (media: string) => xml('description', { xmlns: NS_JINGLE_RTP_1, media });
  const jingle = (action: string, ...children: Element[]) =>
    xml('iq', { type: 'set' }, xml('jingle', { xmlns: NS_JINGLE_1, action, sid: 'x-sid' }, ...children));
  const candidate = xml(
    'content',
    { creator: 'initiator', name: '0' },
    xml(
      'transport',
      { xmlns: NS_JINGLE_ICE_UDP_1, ufrag: 'abcd', pwd: 'abcdefghijklmnopqrstuv' },
      xml('candidate', {
        component: '1',
        foundation: '1',
        generation: '0',
        id: 'c1',
        ip: '127.0.0.1',
        network: '0',
        port: '9',
        priority: '2130706431',
        protocol: 'udp',
        type: 'host',
      }),
    ),
  );
  const carbon = (dir: string, inner: Element) =>
    xml('message', {}, xml(dir, { xmlns: NS_CARBONS_2 }, xml('forwarded', { xmlns: NS_FORWARD_0 }, inner)));
  const all: Array<[string, Element]> = [
    ['jmi-propose', jmi('propose', rtp('audio'), rtp('video'))],
    ['jmi-ringing', jmi('ringing')],
    ['jmi-proceed', jmi('proceed')],
    ['jmi-accept', jmi('accept')],
    ['jmi-reject', jmi('reject')],
    ['jmi-retract', jmi('retract')],
    ['jmi-finish', jmi('finish', xml('reason', { xmlns: NS_JINGLE_1 }, xml('success')))],
    [
      'jmi-propose-delayed',
      jmi('propose', rtp('audio'), xml('delay', { xmlns: NS_DELAY, stamp: '2099-01-01T00:00:00Z' })),
    ],
    ['carbon-received-proceed', carbon('received', jmi('proceed'))],
    ['carbon-sent-accept', carbon('sent', jmi('accept'))],
    [
      'mam-result-propose',
      xml(
        'message',
        {},
        xml(
          'result',
          { xmlns: 'urn:xmpp:mam:2', id: 'r1' },
          xml('forwarded', { xmlns: NS_FORWARD_0 }, jmi('propose', rtp('audio'))),
        ),
      ),
    ],
    ['session-terminate', jingle('session-terminate', xml('reason', {}, xml('success')))],
    ['transport-info', jingle('transport-info', candidate)],
    ['session-info-mute', jingle('session-info', xml('mute', { xmlns: NS_JINGLE_RTP_INFO_1, name: '0' }))],
    ['session-info-ping', jingle('session-info')],
    ['content-remove', jingle('content-remove', xml('content', { creator: 'initiator', name: '0' }))],
    ['disco-info', xml('iq', { type: 'get' }, xml('query', { xmlns: DISCO_INFO }))],
    ['disco-items', xml('iq', { type: 'get' }, xml('query', { xmlns: `${DISCO_INFO.slice(0, -4)}items` }))],
    ['ping', xml('iq', { type: 'get' }, xml('ping', { xmlns: 'urn:xmpp:ping' }))],
    ['version', xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:version' }))],
    ['unknown-query', xml('iq', { type: 'get' }, xml('query', { xmlns: 'urn:example:unknown' }))],
    [
      'roster-push-forged',
      xml(
        'iq',
        { type: 'set' },
        xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'x@y', subscription: 'both' })),
      ),
    ],
    [
      'presence-caps',
      xml(
        'presence',
        {},
        xml('c', { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: 'n', ver: 'v=' }),
      ),
    ],
    ['presence-unavailable', xml('presence', { type: 'unavailable' })],
    ['presence-error', xml('presence', { type: 'error' }, xml('error', { type: 'cancel' }))],
    ['presence-probe', xml('presence', { type: 'probe' })],
    ['message-chat', xml('message', { type: 'chat' }, xml('body', {}, 'hello'))],
    [
      'message-error',
      xml(
        'message',
        { type: 'error' },
        xml(
          'error',
          { type: 'cancel' },
          xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
        ),
      ),
    ],
  ];
  return all.map(([what, el]) => ({ origin: `synthetic:${what}`, el }));
}

let cache: Template[] | undefined;

/** Every template, in a fixed order (a seed names the same stanzas on every machine). */
export function fuzzCorpus(): Template[] {
  cache ??= [...xmlFixtures(), ...translatorStanzas(), ...synthetic()];
  return cache;
}
