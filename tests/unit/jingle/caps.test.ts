import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { capsVer, capsVerificationString } from '../../../src/jingle/caps.js';
import { octetCompare } from '../../../src/jingle/octet.js';

const sha1Base64 = (s: string) => createHash('sha1').update(s, 'utf8').digest('base64');

// XEP-0115 §5.2 (simple) and §5.3 (complex, with an extended form).
const SIMPLE = {
  identities: [{ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }],
  features: [
    'http://jabber.org/protocol/caps',
    'http://jabber.org/protocol/disco#info',
    'http://jabber.org/protocol/disco#items',
    'http://jabber.org/protocol/muc',
  ],
};
const COMPLEX = {
  identities: [
    { category: 'client', type: 'pc', lang: 'el', name: 'Ψ 0.11' },
    { category: 'client', type: 'pc', lang: 'en', name: 'Psi 0.11' },
  ],
  features: [
    'http://jabber.org/protocol/disco#items',
    'http://jabber.org/protocol/caps',
    'http://jabber.org/protocol/muc',
    'http://jabber.org/protocol/disco#info',
  ],
  forms: [
    {
      formType: 'urn:xmpp:dataforms:softwareinfo',
      fields: [
        { var: 'software_version', values: ['0.11'] },
        { var: 'os_version', values: ['10.5.1'] },
        { var: 'os', values: ['Mac'] },
        { var: 'ip_version', values: ['ipv6', 'ipv4'] },
        { var: 'software', values: ['Psi'] },
      ],
    },
  ],
};

describe('XEP-0115 §5.1 verification string', () => {
  it('§5.2 simple example: string and ver', () => {
    expect(capsVerificationString(SIMPLE)).toEqual(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<' +
        'http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    );
    expect(capsVer(SIMPLE, sha1Base64)).toEqual('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('§5.3 complex example with an extended form: ver', () => {
    expect(capsVer(COMPLEX, sha1Base64)).toEqual('q07IKJEyjvHSyhy//CH0CxmKi8w=');
  });

  it('the hash is injected and may be async', async () => {
    await expect(capsVer(SIMPLE, async (s) => s.length)).resolves.toBe(capsVerificationString(SIMPLE).length);
  });
});

describe('octetCompare (i;octet, RFC 4790 §9.3)', () => {
  it('orders by UTF-8 bytes: U+FFFD before U+1F600, though UTF-16 orders them the other way', () => {
    const pair = ['\u{1F600}', '\uFFFD'];
    expect([...pair].sort(octetCompare)).toEqual(['\uFFFD', '\u{1F600}']);
    expect([...pair].sort(octetCompare)).toEqual(
      [...pair].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
  });
});
