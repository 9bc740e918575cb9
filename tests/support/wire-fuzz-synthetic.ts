// Hand-written templates for the wire fuzzer (wire-fuzz-corpus.ts) of the kinds the fixtures lack:
// JMI in every state (XEP-0353), forged carbons (XEP-0280) and MAM results (XEP-0313), Jingle
// actions on a live sid, disco/ping/version/unknown queries, a forged roster push (RFC 6121 §2.1.6),
// presence of every type (RFC 6121 §4) and messages.
import type { Element } from 'ltx';
import { xml } from '../../src/client/xmpp.js';
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

const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_NICK = 'http://jabber.org/protocol/nick';
const DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/** Hand-written stanzas of the kinds the fixtures lack (XEP-0030/0199/0280/0313, RFC 6121). */
export function syntheticStanzas(): Array<{ origin: string; el: Element }> {
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
    ['presence-caps', xml('presence', {}, xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: 'n', ver: 'v=' }))],
    ['presence-unavailable', xml('presence', { type: 'unavailable' })],
    ['presence-error', xml('presence', { type: 'error' }, xml('error', { type: 'cancel' }))],
    ['presence-probe', xml('presence', { type: 'probe' })],
    [
      'presence-caps-ours',
      xml(
        'presence',
        {},
        xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node: 'urn:xmpp:jingle-bridge:client', ver: 'bogus=' }),
      ),
    ],
    [
      'presence-show',
      xml('presence', {}, xml('show', {}, 'dnd'), xml('status', {}, 'busy'), xml('priority', {}, '127')),
    ],
    ['presence-subscribe', xml('presence', { type: 'subscribe' }, xml('nick', { xmlns: NS_NICK }, 'carol'))],
    ['presence-unsubscribed', xml('presence', { type: 'unsubscribed' })],
    [
      'presence-delayed',
      xml('presence', {}, xml('delay', { xmlns: NS_DELAY, stamp: '2099-01-01T00:00:00Z' })),
    ],
    [
      'presence-vcard-photo',
      xml('presence', {}, xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, 'ab'))),
    ],
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
