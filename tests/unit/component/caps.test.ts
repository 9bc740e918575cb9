import { createHash } from 'node:crypto';
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { capsElement, capsVer, discoInfoQuery } from '../../../src/component/caps.js';
import { ECHO_INFO } from '../../../src/component/entities.js';

describe('XEP-0115 §5.1 verification string', () => {
  it('reproduces the XEP simple example (§5.2): QgayPKawpkPSDYmwT/WM94uAlu0=', () => {
    const info = {
      identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }],
      features: [
        'http://jabber.org/protocol/caps',
        'http://jabber.org/protocol/disco#info',
        'http://jabber.org/protocol/disco#items',
        'http://jabber.org/protocol/muc',
      ],
    };
    expect(capsVer(info)).toEqual('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('does not depend on the order identities and features are listed in', () => {
    const shuffled = { identities: ECHO_INFO.identities, features: [...ECHO_INFO.features].reverse() };
    expect(capsVer(shuffled)).toEqual(capsVer(ECHO_INFO));
  });

  it('sorts by octets, not UTF-16 code units (i;octet, RFC 4790 §9.3)', () => {
    // UTF-16 puts U+1F600 (a surrogate pair, 0xD83D...) before U+FF21; UTF-8 bytes put U+FF21 first.
    const info = { identities: [{ category: 'client', type: 'pc' }], features: ['\u{1f600}', '\u{ff21}'] };
    const s = 'client/pc//<\u{ff21}<\u{1f600}<';
    expect(capsVer(info)).toEqual(createHash('sha1').update(s, 'utf8').digest('base64'));
  });

  it('echo@ advertises what Conversations needs for audio and video call buttons', () => {
    expect(discoInfoQuery(ECHO_INFO).toString()).toEqual(
      parse(
        `<query xmlns="http://jabber.org/protocol/disco#info">
<identity category="client" type="pc" name="jingle-bridge echo test"/>
<feature var="http://jabber.org/protocol/caps"/><feature var="http://jabber.org/protocol/disco#info"/>
<feature var="urn:xmpp:jingle:1"/><feature var="urn:xmpp:jingle:apps:rtp:1"/>
<feature var="urn:xmpp:jingle:apps:rtp:audio"/><feature var="urn:xmpp:jingle:apps:rtp:video"/>
<feature var="urn:xmpp:jingle:transports:ice-udp:1"/><feature var="urn:xmpp:jingle:apps:dtls:0"/>
<feature var="urn:xmpp:jingle-message:0"/><feature var="urn:xmpp:jingle:apps:grouping:0"/>
<feature var="urn:xmpp:jingle:apps:rtp:rtcp-fb:0"/><feature var="urn:xmpp:jingle:apps:rtp:rtp-hdrext:0"/>
<feature var="urn:xmpp:jingle:apps:rtp:ssma:0"/><feature var="urn:ietf:rfc:5888"/><feature var="urn:ietf:rfc:5576"/>
<feature var="urn:xmpp:jingle:transports:dtls-sctp:1"/>
</query>`.replace(/\n/g, ''),
      ).toString(),
    );
  });

  it('renders <c/> with hash, node and ver', () => {
    expect(capsElement(ECHO_INFO).toString()).toEqual(
      `<c xmlns="http://jabber.org/protocol/caps" hash="sha-1" node="urn:xmpp:jingle-bridge" ver="${capsVer(ECHO_INFO)}"/>`,
    );
  });
});
