// Lossless round trip over every captured SDP (tests/fixtures/sdp/*.sdp, including the chromium156
// captures as they appear): normalizedParse ∘ jingleToSdp ∘ ltx.parse ∘ toString ∘ sdpToJingle
// === normalizedParse, for both roles. normalize.ts lists the only differences allowed.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseXml } from 'ltx';
import { jingleToSdp, sdpToJingle, type Role } from '../../../src/jingle/index.js';
import { normalizedParse } from './normalize.js';

const DIR = 'tests/fixtures/sdp/';
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.sdp'));
const ROLES: Role[] = ['initiator', 'responder'];

/** What crosses the wire: the Element serialised and parsed again. */
const overTheWire = (sdp: string, role: Role, keepTcpCandidates: boolean): string =>
  jingleToSdp(parseXml(sdpToJingle(sdp, { role, keepTcpCandidates }).toString()), { role });

describe('jingleToSdp(sdpToJingle(s)) == s up to the documented normalizations', () => {
  test('the corpus holds the shared fixtures', () => {
    expect(FIXTURES.filter((f) => !f.startsWith('chromium156-')).length).toBe(14);
  });
  for (const f of FIXTURES) {
    const sdp = readFileSync(DIR + f, 'utf8');
    for (const role of ROLES) {
      test(`${f} as ${role}, tcp kept`, () => {
        expect(normalizedParse(overTheWire(sdp, role, true))).toEqual(normalizedParse(sdp));
      });
    }
    test(`${f} with default options drops exactly the tcp candidates`, () => {
      expect(normalizedParse(overTheWire(sdp, 'initiator', false))).toEqual(
        normalizedParse(sdp, { dropTcp: true }),
      );
    });
    test(`${f}: jingleToSdp leaves its input untouched`, () => {
      const el = parseXml(sdpToJingle(sdp, { role: 'initiator' }).toString());
      const before = el.toString();
      const first = el.getChildElements()[0];
      jingleToSdp(el, { role: 'responder' });
      if (first !== undefined) jingleToSdp(first, { role: 'responder' }); // a lone <content> is wrapped, not re-parented
      expect([el.toString(), first?.parent]).toEqual([before, el]);
    });
    test(`${f} translates deterministically`, () => {
      const a = sdpToJingle(sdp, { role: 'initiator' }).toString();
      expect(sdpToJingle(sdp, { role: 'initiator' }).toString()).toBe(a);
      expect(jingleToSdp(parseXml(a), { role: 'initiator' })).toBe(
        jingleToSdp(parseXml(a), { role: 'initiator' }),
      );
    });
  }
});

describe('the author role decides senders (docs/reference/xep-rules.md §10.1)', () => {
  const sdp = readFileSync(`${DIR}chrome-unified-recvonly-offer-mdns-candidates-flexfec.sdp`, 'utf8');
  test('recvonly written by the initiator means the responder sends', () => {
    const senders = sdpToJingle(sdp, { role: 'initiator' })
      .getChildren('content')
      .map((c) => c.attrs['senders'] as string);
    expect(senders).toEqual(['responder', 'responder', 'responder']);
  });
  test('recvonly written by the responder means the initiator sends', () => {
    const senders = sdpToJingle(sdp, { role: 'responder' })
      .getChildren('content')
      .map((c) => c.attrs['senders'] as string);
    expect(senders).toEqual(['initiator', 'initiator', 'initiator']);
  });
  test('read back by the other role, the direction flips', () => {
    const j = sdpToJingle(sdp, { role: 'initiator' });
    const dirs = normalizedParse(jingleToSdp(j, { role: 'responder' })).media.map((m) => m.direction);
    expect(dirs).toEqual(['sendonly', 'sendonly', 'sendonly']);
  });
});
