// Strict safety (docs/reference/deployed-clients.md §3.21): whatever a peer sends, jingleToSdp returns well-formed SDP or
// throws JingleParseError. fast-check mutates real stanzas (attribute values with CR/LF, spaces,
// unicode, huge numbers; text; removed, duplicated and reordered children) and checks both.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Element as LtxElement, parse as parseXml, type Element } from 'ltx';
import { parse as parseSdp } from 'sdp-transform';
import {
  JingleParseError,
  NS_JINGLE_BRIDGE_SDP_0,
  candidatesFromJingle,
  jingleToSdp,
  sdpToJingle,
} from '../../../src/jingle/index.js';
import { lenientCorpus } from './stanzas.js';

const SDP_DIR = 'tests/fixtures/sdp/';
const corpus: Element[] = [
  ...lenientCorpus().map((s) => s.el),
  ...readdirSync(SDP_DIR)
    .filter((f) => f.endsWith('.sdp'))
    .map((f) =>
      parseXml(
        sdpToJingle(readFileSync(SDP_DIR + f, 'utf8'), {
          role: 'initiator',
          keepTcpCandidates: true,
        }).toString(),
      ),
    ),
];

/** Deep copy without re-parsing, so thousands of cases fit in a few seconds. */
function clone(el: Element): Element {
  const copy = new LtxElement(el.name, { ...el.attrs });
  for (const c of el.children) copy.cnode(typeof c === 'string' ? c : clone(c));
  return copy;
}

const ATTRS = [
  'id',
  'name',
  'value',
  'ssrc',
  'port',
  'priority',
  'component',
  'generation',
  'ip',
  'ufrag',
  'pwd',
  'media',
  'clockrate',
  'channels',
  'type',
  'subtype',
  'uri',
  'semantics',
  'senders',
  'hash',
  'setup',
  'number',
  'streams',
  'protocol',
  'foundation',
  'rel-port',
  'network',
  'ptime',
  'level',
  'direction',
  'params',
];
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '1\r\na=evil',
    '1\nx',
    '\r',
    'a b',
    ' 1',
    '1 ',
    '-1',
    '1e3',
    '0x10',
    '4294967296',
    '99999999999999999999999',
    '128',
    '65536',
    '256',
    'é',
    '\u2028',
    '\u0000',
    'x'.repeat(5000),
    'VP8/X',
    'udp',
    'tcp',
    'session',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.bigInt({ min: -1n, max: 10n ** 25n }).map(String),
);

type Mutation =
  | { kind: 'attr'; at: number; name: string; value: string }
  | { kind: 'text'; at: number; value: string }
  | { kind: 'remove' | 'duplicate' | 'reverse'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('attr' as const),
    at: fc.nat(),
    name: fc.constantFrom(...ATTRS),
    value: nasty,
  }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: nasty }),
  fc.record({
    kind: fc.constantFrom('remove' as const, 'duplicate' as const, 'reverse' as const),
    at: fc.nat(),
  }),
);

function flatten(el: Element, out: Element[] = []): Element[] {
  out.push(el);
  for (const c of el.children) if (typeof c !== 'string') flatten(c, out);
  return out;
}

function apply(root: Element, m: Mutation): void {
  const all = flatten(root);
  const el = all[m.at % all.length] as Element;
  if (m.kind === 'attr') el.attrs[m.name] = m.value;
  else if (m.kind === 'text') el.children = [m.value];
  else if (m.kind === 'reverse') el.children.reverse();
  else if (el.parent) {
    const i = el.parent.children.indexOf(el);
    if (m.kind === 'remove') el.parent.children.splice(i, 1);
    else {
      const copy = clone(el);
      copy.parent = el.parent;
      el.parent.children.splice(i, 0, copy);
    }
  }
}

/** `a=` bodies we write on purpose from <attribute/>: sdp-transform may not know them. */
function intended(root: Element): Set<string> {
  const out = new Set<string>();
  for (const e of flatten(root)) {
    if (e.name === 'attribute' && e.parent?.attrs['xmlns'] === NS_JINGLE_BRIDGE_SDP_0) {
      out.add(
        e.attrs['value'] === undefined ? String(e.attrs['name']) : `${e.attrs['name']}:${e.attrs['value']}`,
      );
    }
  }
  return out;
}

/** FC_RUNS=40000 for a deeper search; the default keeps the unit run short. */
const RUNS = Number(process.env['FC_RUNS'] ?? 3000);
const LINE = /^[a-z]=[^\r\n]*$/;

describe('jingleToSdp on mutated stanzas', () => {
  test(
    'returns well-formed SDP or throws JingleParseError, never anything else',
    () => {
      fc.assert(
        fc.property(
          fc.nat(corpus.length - 1),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          fc.boolean(),
          (i, muts, initiator) => {
            const root = clone(corpus[i] as Element);
            for (const m of muts) apply(root, m);
            let sdp: string;
            try {
              sdp = jingleToSdp(root, { role: initiator ? 'initiator' : 'responder' });
              candidatesFromJingle(root);
            } catch (e) {
              if (!(e instanceof JingleParseError) || e.name !== 'JingleParseError') throw e;
              return;
            }
            expect(sdp.endsWith('\r\n')).toBe(true);
            for (const line of sdp.slice(0, -2).split('\r\n')) expect(line).toMatch(LINE);
            const parsed = parseSdp(sdp);
            const ok = intended(root);
            const invalid = [parsed.invalid ?? [], ...parsed.media.map((m) => m.invalid ?? [])]
              .flat()
              .filter((x) => !ok.has(String(x.value))); // sdp-transform turns '128' into 128
            expect(invalid).toEqual([]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    RUNS * 5 + 20_000,
  );

  test('every JingleParseError names the element and the reason', () => {
    const el = parseXml(
      `<jingle xmlns='urn:xmpp:jingle:1'><content name='0'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'><payload-type id='1\r\na=x'/></description></content></jingle>`,
    );
    let err: unknown;
    try {
      jingleToSdp(el, { role: 'initiator' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JingleParseError);
    expect({ ...(err as JingleParseError), message: (err as Error).message }).toEqual({
      name: 'JingleParseError',
      element: 'payload-type@id',
      reason: 'not a number: "1\\r\\na=x"',
      message: '<payload-type@id>: not a number: "1\\r\\na=x"',
    });
  });
});

// RFC 4855 §3: a payload type's encoding name is a media subtype name, RFC 4288 §4.2 reg-name.
describe('payload-type@name obeys the media subtype grammar', () => {
  const sdpFor = (name: string, withClockrate = true): string => {
    const el = new LtxElement('jingle', { xmlns: 'urn:xmpp:jingle:1' });
    el.c('content', { name: '0' })
      .c('description', { xmlns: 'urn:xmpp:jingle:apps:rtp:1', media: 'video' })
      .c('payload-type', withClockrate ? { id: '96', name, clockrate: '90000' } : { id: '96', name });
    return jingleToSdp(el, { role: 'initiator' });
  };
  const failure = (run: () => unknown): unknown => {
    try {
      run();
    } catch (e) {
      return e instanceof JingleParseError ? { element: e.element, reason: e.reason } : e;
    }
    return 'no error';
  };
  const REASON = 'not a media subtype name (RFC 4855 §3, RFC 4288 §4.2)';

  test.each([
    ['opus'],
    ['VP8'],
    ['H264'],
    ['telephone-event'],
    ['flexfec-03'],
    ['L16'],
    ['x.vendor+y'],
    ['a!b#c$d&e^f_g'],
    ['x'.repeat(127)],
  ])('%s becomes a=rtpmap:96 %s/90000', (name) => {
    expect(
      sdpFor(name)
        .split('\r\n')
        .filter((l) => l.startsWith('a=rtpmap:')),
    ).toEqual([`a=rtpmap:96 ${name}/90000`]);
  });

  test.each([
    ['VP8/X', 'VP8/X', REASON],
    ['a slash even with no clock rate (no rtpmap written)', 'VP8/90000', REASON],
    ['a space', 'VP8 X', REASON],
    ['a colon', 'a:b', REASON],
    ['a semicolon', 'a;b', REASON],
    ['an equals sign', 'a=b', REASON],
    ['a star', 'VP*', REASON],
    ['a tab', 'VP8\t', REASON],
    ['a non-ASCII letter', 'opüs', REASON],
    ['a line break', 'VP8\r\na=evil', REASON],
    ['empty', '', 'empty'],
    ['128 characters', 'x'.repeat(128), 'longer than 127 characters (RFC 4288 §4.2)'],
  ])('%s: JingleParseError at payload-type@name', (label, name, why) => {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    expect(failure(() => sdpFor(name, !label.includes('no clock rate')))).toEqual({
      element: 'payload-type@name',
      reason: `${why}: ${JSON.stringify(shown)}`,
    });
  });

  test('any name: JingleParseError, or an rtpmap that reads back as exactly that name and rate', () => {
    const chars = fc.constantFrom(...'aZ09!#$&.+-^_/ :;=*"\'<>\t\r\né\u2028'.split(''));
    const names = fc.oneof(
      fc.string({ unit: chars, maxLength: 12 }),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('opus', 'VP8/X', 'x'.repeat(127), 'x'.repeat(128)),
    );
    fc.assert(
      fc.property(names, (name) => {
        let sdp: string;
        try {
          sdp = sdpFor(name);
        } catch (e) {
          expect(e).toBeInstanceOf(JingleParseError);
          expect((e as JingleParseError).element).toBe('payload-type@name');
          return;
        }
        const map = sdp.split('\r\n').filter((l) => l.startsWith('a=rtpmap:96 '));
        expect(map.map((l) => l.slice('a=rtpmap:96 '.length).split('/'))).toEqual([[name, '90000']]);
      }),
      { numRuns: 2000 },
    );
  });
});
