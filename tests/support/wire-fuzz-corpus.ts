// The stanzas the wire fuzzer (wire-fuzz.ts) starts from: every XEP example and interop capture in
// tests/fixtures, the Jingle our translator makes from real Chromium and XEP SDPs (what our client
// sends), and hand-written JMI, disco, presence, message, carbon and MAM stanzas. Templates are plain
// ltx trees; the generator addresses them (to/id/type) and the live call's sid at build time.
import { readdirSync, readFileSync } from 'node:fs';
import { parse, type Element } from 'ltx';
import { sdpToJingle } from '../../src/jingle/index.js';
import { xml } from '../../src/client/xmpp.js';
import { NS_JINGLE_MESSAGE_0 } from '../../src/jingle/ns.js';
import { syntheticStanzas } from './wire-fuzz-synthetic.js';

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

let cache: Template[] | undefined;

/** Every template, in a fixed order (a seed names the same stanzas on every machine). */
export function fuzzCorpus(): Template[] {
  cache ??= [...xmlFixtures(), ...translatorStanzas(), ...syntheticStanzas()];
  return cache;
}

export type StanzaKind = 'iq' | 'message' | 'presence';

/** The stanza a template becomes (fragments of Jingle go into an IQ, JMI payloads into a message). */
export function kindOf(t: Template): StanzaKind {
  if (t.el.name === 'presence') return 'presence';
  if (t.el.name === 'message' || t.el.attrs.xmlns === NS_JINGLE_MESSAGE_0) return 'message';
  return 'iq';
}

const byKind = new Map<StanzaKind, Template[]>();

/** The templates of one kind, in corpus order: the fixtures are mostly IQs, so a recipe picks the kind first. */
export function templatesOf(kind: StanzaKind): Template[] {
  let list = byKind.get(kind);
  if (list === undefined) byKind.set(kind, (list = fuzzCorpus().filter((t) => kindOf(t) === kind)));
  return list;
}
