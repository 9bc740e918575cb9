// Strict safety (interop.md §3.21): whatever a peer sends, jingleToSdp returns well-formed SDP or
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
