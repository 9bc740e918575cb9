import fc from 'fast-check';
import { parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  capsFromPresence,
  capsVer,
  discoInfoFromXml,
  discoInfoToXml,
  isWellFormedForCaps,
} from '../../../../src/client/contacts/caps.js';
import { capsVerificationString } from '../../../../src/jingle/caps.js';
import { octetCompare } from '../../../../src/jingle/octet.js';
import type { DiscoInfo } from '../../../../src/client/contacts/caps.js';
import { ADVERTISED_FEATURES, ourDiscoInfo } from '../../../../src/client/contacts/features.js';

// XEP-0115 §5.2 (simple) and §5.3 (complex) examples.
const SIMPLE: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }],
  features: [
    'http://jabber.org/protocol/caps',
    'http://jabber.org/protocol/disco#info',
    'http://jabber.org/protocol/disco#items',
    'http://jabber.org/protocol/muc',
  ],
  forms: [],
};
const COMPLEX_XML = `<query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
  <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
    <field var='ip_version'><value>ipv4</value><value>ipv6</value></field>
    <field var='os'><value>Mac</value></field>
    <field var='os_version'><value>10.5.1</value></field>
    <field var='software'><value>Psi</value></field>
    <field var='software_version'><value>0.11</value></field>
  </x>
</query>`;

describe('XEP-0115 §5 verification string and ver', () => {
  it('simple example (§5.2) gives QgayPKawpkPSDYmwT/WM94uAlu0=', async () => {
    expect(capsVerificationString(SIMPLE)).toBe(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<' +
        'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    );
    expect(await capsVer(SIMPLE)).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('complex example (§5.3), parsed from its XML, gives q07IKJEyjvHSyhy//CH0CxmKi8w=', async () => {
    const info = discoInfoFromXml(parse(COMPLEX_XML));
    expect(capsVerificationString(info)).toBe(
      'client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<' +
        'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<' +
        'ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<',
    );
    expect(await capsVer(info)).toBe('q07IKJEyjvHSyhy//CH0CxmKi8w=');
  });

  it('ver does not depend on the order of identities, features, forms, fields or values', async () => {
    const base = discoInfoFromXml(parse(COMPLEX_XML));
    const expected = capsVerificationString(base);
    fc.assert(
      fc.property(fc.infiniteStream(fc.double()), (randoms) => {
        const shuffle = <T>(xs: readonly T[]): T[] =>
          xs
            .map((x) => [randoms.next().value as number, x] as const)
            .sort((a, b) => a[0] - b[0])
            .map(([, x]) => x);
        const shuffled: DiscoInfo = {
          identities: shuffle(base.identities),
          features: shuffle(base.features),
          forms: shuffle(
            (base.forms ?? []).map((f) => ({
              ...f,
              fields: shuffle(f.fields.map((x) => ({ ...x, values: shuffle(x.values) }))),
            })),
          ),
        };
        return capsVerificationString(shuffled) === expected;
      }),
    );
  });

  it('sorts by UTF-8 octets (i;octet), not UTF-16 code units', () => {
    // UTF-16 order puts U+1F600 first (its surrogate 0xD83D < 0xFF61); UTF-8 order puts U+FF61 first.
    expect(['\uFF61', '\u{1F600}'].sort()).toEqual(['\u{1F600}', '\uFF61']);
    expect(['\u{1F600}', '\uFF61'].sort(octetCompare)).toEqual(['\uFF61', '\u{1F600}']);
  });
});

describe('disco#info XML', () => {
  it('round-trips our own info through XML', () => {
    const info = ourDiscoInfo();
    expect(discoInfoFromXml(discoInfoToXml(info, 'node#ver'))).toEqual(info);
    expect(discoInfoToXml(info, 'node#ver').attrs).toEqual({
      xmlns: 'http://jabber.org/protocol/disco#info',
      node: 'node#ver',
    });
  });

  it('skips identities without category/type, features without var and forms without FORM_TYPE', () => {
    const el = parse(`<query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='client'/><identity category='client' type='web'/>
      <feature/><feature var='urn:a'/>
      <x xmlns='jabber:x:data' type='result'><field var='x'><value>1</value></field></x>
      <x xmlns='jabber:x:data' type='form'><field var='FORM_TYPE'><value>urn:f</value></field></x>
    </query>`);
    expect(discoInfoFromXml(el)).toEqual({
      identities: [{ category: 'client', type: 'web' }],
      features: ['urn:a'],
      forms: [],
    });
  });
});

describe('§5.4 well-formedness before caching', () => {
  it.each([
    ['valid', SIMPLE, true],
    [
      'duplicate feature',
      { ...SIMPLE, features: [...SIMPLE.features, 'http://jabber.org/protocol/muc'] },
      false,
    ],
    ['duplicate identity', { ...SIMPLE, identities: [...SIMPLE.identities, ...SIMPLE.identities] }, false],
    [
      'duplicate FORM_TYPE',
      {
        ...SIMPLE,
        forms: [
          { formType: 'urn:f', fields: [] },
          { formType: 'urn:f', fields: [] },
        ],
      },
      false,
    ],
  ] as Array<[string, DiscoInfo, boolean]>)('%s', (_name, info, ok) => {
    expect(isWellFormedForCaps(info)).toBe(ok);
  });
});

describe('our advertised features', () => {
  it('are exactly the docs/reference/deployed-clients.md §6 / docs/reference/xep-rules.md §13 list, XEP-0343 data channels, caps, disco#info and ping', async () => {
    expect([...ADVERTISED_FEATURES].sort()).toEqual(
      [
        'http://jabber.org/protocol/caps',
        'http://jabber.org/protocol/disco#info',
        'urn:ietf:rfc:5576',
        'urn:ietf:rfc:5888',
        'urn:xmpp:jingle-message:0',
        'urn:xmpp:jingle:1',
        'urn:xmpp:jingle:apps:dtls:0',
        'urn:xmpp:jingle:apps:grouping:0',
        'urn:xmpp:jingle:apps:rtp:1',
        'urn:xmpp:jingle:apps:rtp:audio',
        'urn:xmpp:jingle:apps:rtp:rtcp-fb:0',
        'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0',
        'urn:xmpp:jingle:apps:rtp:ssma:0',
        'urn:xmpp:jingle:apps:rtp:video',
        'urn:xmpp:jingle:transports:dtls-sctp:1',
        'urn:xmpp:jingle:transports:ice-udp:1',
        'urn:xmpp:ping',
      ].sort(),
    );
    expect(isWellFormedForCaps(ourDiscoInfo())).toBe(true);
  });

  it('extra features are added once', () => {
    expect(ourDiscoInfo(['urn:x', 'urn:xmpp:jingle:1']).features).toEqual([...ADVERTISED_FEATURES, 'urn:x']);
  });
});

describe('<c/> in presence', () => {
  it.each([
    [
      `<presence from='a@b/c'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://n' ver='V='/></presence>`,
      { hash: 'sha-1', node: 'http://n', ver: 'V=' },
    ],
    [
      `<presence from='a@b/c'><c xmlns='http://jabber.org/protocol/caps' node='http://n' ver='V=' ext='x'/></presence>`,
      undefined,
    ],
    [`<presence from='a@b/c'/>`, undefined],
  ])('%s', (xmlText, expected) => {
    expect(capsFromPresence(parse(xmlText))).toEqual(expected);
  });
});
