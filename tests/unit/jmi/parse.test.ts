import fc from 'fast-check';
import { Element, parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import {
  JMI_IGNORED,
  jmiToXml,
  parseJmi,
  type JmiEnvelope,
  type JmiMessage,
  type JmiParseResult,
  type JmiPayload,
} from '../../../src/jingle/jmi/index.js';
import { JULIET, JULIET_PHONE, JULIET_TABLET, OLD_SID, ROMEO, ROMEO_BARE, SID, stanza } from './helpers.js';

const success = { condition: 'success', text: 'Success' } as const;
const direct = (m: JmiPayload & Omit<JmiEnvelope, 'route'>): JmiParseResult => ({
  ok: true,
  message: { ...m, route: 'direct' } as JmiMessage,
});

describe('parseJmi on the XEP-0353 examples', () => {
  const cases: [string, string, JmiParseResult][] = [
    [
      '0353-ex1.xml',
      JULIET_PHONE,
      direct({ kind: 'propose', id: SID, media: ['audio'], from: ROMEO, to: JULIET }),
    ],
    ['0353-ex3.xml', ROMEO, direct({ kind: 'ringing', id: SID, from: JULIET_PHONE, to: ROMEO })],
    [
      '0353-ex4.xml',
      JULIET_PHONE,
      direct({
        kind: 'retract',
        id: SID,
        reason: { condition: 'cancel', text: 'Retracted' },
        from: ROMEO,
        to: JULIET,
      }),
    ],
    ['0353-ex5.xml', ROMEO, direct({ kind: 'proceed', id: SID, from: JULIET_PHONE, to: ROMEO })],
    [
      '0353-ex7.xml',
      ROMEO,
      direct({
        kind: 'reject',
        id: SID,
        reason: { condition: 'busy', text: 'Busy' },
        from: JULIET_PHONE,
        to: ROMEO,
      }),
    ],
    [
      '0353-ex9.xml',
      JULIET_PHONE,
      direct({ kind: 'finish', id: SID, reason: success, from: ROMEO, to: JULIET_PHONE }),
    ],
    [
      '0353-ex10.xml',
      ROMEO,
      direct({ kind: 'finish', id: SID, reason: success, from: JULIET_PHONE, to: ROMEO }),
    ],
    [
      '0353v0.3.1-ex1.xml',
      JULIET_PHONE,
      direct({ kind: 'propose', id: OLD_SID, media: ['audio'], from: ROMEO, to: JULIET }),
    ],
    ['0353v0.3.1-ex4.xml', JULIET_PHONE, direct({ kind: 'retract', id: OLD_SID, from: ROMEO, to: JULIET })],
    [
      '0353v0.3.1-ex5.xml',
      JULIET_TABLET,
      direct({ kind: 'accept', id: OLD_SID, from: JULIET_PHONE, to: JULIET }),
    ],
    ['0353v0.3.1-ex7.xml', ROMEO, direct({ kind: 'proceed', id: OLD_SID, from: JULIET_PHONE, to: ROMEO })],
    [
      '0353v0.3.1-ex8.xml',
      JULIET_PHONE,
      direct({ kind: 'reject', id: OLD_SID, from: JULIET_TABLET, to: JULIET }),
    ],
    ['0353v0.3.1-ex10.xml', ROMEO, direct({ kind: 'reject', id: OLD_SID, from: JULIET_TABLET, to: ROMEO })],
  ];
  it.each(cases)('%s as seen by %s', (file, own, expected) => {
    expect(parseJmi(stanza(file), own)).toEqual(expected);
  });

  it('0353-ex11 reject carries <tie-break/> and expired', () => {
    expect(parseJmi(stanza('0353-ex11.xml', 2), JULIET_PHONE)).toEqual(
      direct({
        kind: 'reject',
        id: 'fecbea35-08d3-404f-9ec7-2b57c566fa74',
        reason: { condition: 'expired', text: 'Tie-Break' },
        tieBreak: true,
        from: ROMEO,
        to: JULIET,
      }),
    );
  });

  it('0353-ex12 finish carries <migrated to>', () => {
    expect(parseJmi(stanza('0353-ex12.xml', 3), JULIET_PHONE)).toEqual(
      direct({
        kind: 'finish',
        id: SID,
        reason: { condition: 'expired', text: 'Session migrated' },
        migratedTo: '989a46a6-f202-4910-a7c3-83c6ba3f3947',
        from: ROMEO,
        to: JULIET,
      }),
    );
  });

  it('an <iq> (0353-ex8, the session-initiate) is not JMI', () => {
    expect(parseJmi(stanza('0353-ex8.xml'), JULIET_PHONE)).toEqual({ ok: false, ignored: 'not-a-message' });
  });
});

const carbon = (dir: 'sent' | 'received', outerFrom: string, inner: string): Element =>
  parse(
    `<message from='${outerFrom}' to='${JULIET_PHONE}' type='chat'><${dir} xmlns='urn:xmpp:carbons:2'>` +
      `<forwarded xmlns='urn:xmpp:forward:0'>${inner}</forwarded></${dir}></message>`,
  );
const proceedFromTablet = `<message xmlns='jabber:client' from='${JULIET_TABLET}' to='${ROMEO}' type='chat'><proceed xmlns='urn:xmpp:jingle-message:0' id='${SID}'/></message>`;

describe('parseJmi on carbons, delays and real-client variants', () => {
  it('unwraps a sent carbon from our own bare JID', () => {
    expect(parseJmi(carbon('sent', JULIET, proceedFromTablet), JULIET_PHONE)).toEqual({
      ok: true,
      message: { kind: 'proceed', id: SID, from: JULIET_TABLET, to: ROMEO, route: 'carbon-sent' },
    });
  });

  it('unwraps a received carbon of a propose addressed to another resource', () => {
    const inner = `<message from='${ROMEO}' to='${JULIET_TABLET}' type='chat'><propose xmlns='urn:xmpp:jingle-message:0' id='${SID}'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/></propose></message>`;
    expect(parseJmi(carbon('received', JULIET, inner), JULIET_PHONE)).toEqual({
      ok: true,
      message: {
        kind: 'propose',
        id: SID,
        media: ['audio', 'video'],
        from: ROMEO,
        to: JULIET_TABLET,
        route: 'carbon-received',
      },
    });
  });

  it.each([
    ['a stranger', ROMEO_BARE],
    ['one of our own full JIDs', JULIET_TABLET],
  ])('ignores a carbon whose outer from is %s (CVE-2017-5589)', (_, from) => {
    expect(parseJmi(carbon('sent', from, proceedFromTablet), JULIET_PHONE)).toEqual({
      ok: false,
      ignored: 'forged-carbon',
    });
  });

  it('reads the earliest XEP-0203 delay stamp', () => {
    const el = parse(
      `<message from='${ROMEO}' to='${JULIET}' type='chat'><propose xmlns='urn:xmpp:jingle-message:0' id='x'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/></propose>` +
        `<delay xmlns='urn:xmpp:delay' stamp='2026-11-26T07:00:05Z'/><delay xmlns='urn:xmpp:delay' stamp='2026-11-26T08:00:00.250+01:00'/></message>`,
    );
    expect(parseJmi(el, JULIET_PHONE)).toEqual(
      direct({
        kind: 'propose',
        id: 'x',
        media: ['video'],
        from: ROMEO,
        to: JULIET,
        stamp: Date.UTC(2026, 10, 26, 7, 0, 0, 250),
      }),
    );
  });

  it('takes the MAM archive stamp of an inner message', () => {
    expect(parseJmi(stanza('0353-ex3.xml'), ROMEO, { archivedAt: 1234 })).toEqual(
      direct({ kind: 'ringing', id: SID, from: JULIET_PHONE, to: ROMEO, stamp: 1234 }),
    );
  });

  it("tolerates urn:xmpp:jingle-message:1 and Conversations' <description/> instead of a reason", () => {
    const el = parse(
      `<message from='${JULIET_PHONE}' to='${ROMEO}' type='chat'><reject xmlns='urn:xmpp:jingle-message:1' id='${SID}'><description xmlns='urn:xmpp:jingle:apps:rtp:1'/></reject></message>`,
    );
    expect(parseJmi(el, ROMEO)).toEqual(direct({ kind: 'reject', id: SID, from: JULIET_PHONE, to: ROMEO }));
  });

  const ignored: [string, string, string][] = [
    [
      'error-or-groupchat',
      'an error bounce',
      `<message type='error' from='${JULIET}'><proceed xmlns='urn:xmpp:jingle-message:0' id='a'/></message>`,
    ],
    ['not-jmi', 'a chat message', `<message from='${ROMEO}'><body>hi</body></message>`],
    [
      'not-jmi',
      'the wrong namespace',
      `<message from='${ROMEO}'><propose xmlns='urn:xmpp:jingle:jingle-message:0' id='a'/></message>`,
    ],
    [
      'missing-id',
      'no id',
      `<message from='${ROMEO}'><ringing xmlns='urn:xmpp:jingle-message:0'/></message>`,
    ],
    ['missing-from', 'no from', `<message><ringing xmlns='urn:xmpp:jingle-message:0' id='a'/></message>`],
    [
      'propose-without-media',
      'a propose without rtp description',
      `<message from='${ROMEO}'><propose xmlns='urn:xmpp:jingle-message:0' id='a'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'/></propose></message>`,
    ],
    [
      'malformed-carbon',
      'a carbon without forwarded message',
      `<message from='${JULIET}'><sent xmlns='urn:xmpp:carbons:2'/></message>`,
    ],
  ];
  it.each(ignored)('ignores with %s: %s', (why, _, xml) => {
    expect(parseJmi(parse(xml), JULIET_PHONE)).toEqual({ ok: false, ignored: why });
  });
});

const arbName = fc.constantFrom(
  'message',
  'propose',
  'received',
  'sent',
  'forwarded',
  'reason',
  'delay',
  'description',
  'x',
);
const arbAttrs = fc.dictionary(
  fc.constantFrom('xmlns', 'id', 'from', 'to', 'type', 'media', 'stamp'),
  fc.constantFrom(
    '',
    'urn:xmpp:jingle-message:0',
    'urn:xmpp:carbons:2',
    'urn:xmpp:forward:0',
    'urn:xmpp:delay',
    JULIET,
    ROMEO,
    'audio',
    'chat',
    'error',
    '2026-01-01T00:00:00Z',
    'garbage',
  ),
);
/** Random element trees up to four levels deep, built from the names and values the parser looks at. */
const arbElement = (depth: number): fc.Arbitrary<Element> =>
  fc
    .tuple(
      arbName,
      arbAttrs,
      depth === 0 ? fc.constant([]) : fc.array(arbElement(depth - 1), { maxLength: 3 }),
    )
    .map(([name, attrs, children]) => {
      const el = new Element(name, attrs);
      for (const c of children) el.cnode(c);
      return el;
    });

describe('parseJmi properties', () => {
  it('never throws and always answers ok or a known ignore reason', () => {
    fc.assert(
      fc.property(arbElement(4), (el) => {
        const r = parseJmi(el, JULIET_PHONE);
        expect(r.ok || (JMI_IGNORED as readonly string[]).includes(r.ignored)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('parseJmi . jmiToXml = identity on the payload (addressed as sent)', () => {
    const reason = fc.option(
      fc.record({
        condition: fc.constantFrom('busy', 'decline', 'cancel', 'expired', 'success'),
        text: fc.stringMatching(/^[\w .,'&<>"-]{1,20}$/),
      }),
      { nil: undefined },
    );
    const id = fc.stringMatching(/^[\w.:&'<>-]{1,20}$/);
    const payload = fc.oneof(
      fc.record({
        kind: fc.constant('propose' as const),
        id,
        media: fc.constantFrom(['audio'] as const, ['video'] as const, ['audio', 'video'] as const),
      }),
      fc.record({ kind: fc.constantFrom('ringing' as const, 'proceed' as const, 'accept' as const), id }),
      fc.record(
        {
          kind: fc.constantFrom('reject' as const, 'retract' as const),
          id,
          reason,
          tieBreak: fc.option(fc.constant(true as const), { nil: undefined }),
        },
        { requiredKeys: ['kind', 'id'] },
      ),
      fc.record(
        { kind: fc.constant('finish' as const), id, reason, migratedTo: fc.option(id, { nil: undefined }) },
        { requiredKeys: ['kind', 'id'] },
      ),
    );
    fc.assert(
      fc.property(payload, (p) => {
        const clean = JSON.parse(JSON.stringify(p)) as typeof p;
        const r = parseJmi(
          parse(jmiToXml({ to: JULIET, payload: clean }, { from: ROMEO }).toString()),
          JULIET_PHONE,
        );
        expect(r).toEqual({ ok: true, message: { ...clean, from: ROMEO, to: JULIET, route: 'direct' } });
      }),
      { numRuns: 300 },
    );
  });
});
