// Loads the lenient-input corpus: every XEP example and real-client stanza that holds a Jingle
// <description> or <transport> (docs/reference/xep-rules.md §17/§18), one entry per root stanza.
import { readFileSync, readdirSync } from 'node:fs';
import { parse, type Element } from 'ltx';

export interface Stanza {
  name: string;
  el: Element;
}

const XEP_DIR = 'tests/fixtures/xep-examples/';
const INTEROP_DIR = 'tests/fixtures/interop/';

interface Manifest {
  examples: { file: string; wellformed: string }[];
}

const holdsJingleMedia = (el: Element): boolean => {
  const visit = (e: Element, inJingle: boolean): boolean => {
    const j = inJingle || e.name === 'jingle';
    if (j && (e.name === 'description' || e.name === 'transport')) return true;
    return e.getChildElements().some((c) => visit(c, j));
  };
  // Fragments (a lone <content>, <description> or <transport>) count as Jingle media too.
  return visit(el, el.name === 'content' || el.name === 'description' || el.name === 'transport');
};

/** Several files hold more than one root (transcripts): wrap, then take each child. */
function roots(text: string): Element[] {
  const body = text.replace(/<\?xml[^>]*\?>/, '');
  return parse(`<roots>${body}</roots>`).getChildElements();
}

export function lenientCorpus(): Stanza[] {
  const manifest = JSON.parse(readFileSync(`${XEP_DIR}manifest.json`, 'utf8')) as Manifest;
  const out: Stanza[] = [];
  for (const ex of manifest.examples) {
    if (!ex.file.endsWith('.xml') || ex.wellformed.startsWith('NO')) continue;
    roots(readFileSync(XEP_DIR + ex.file, 'utf8')).forEach((el, i, all) => {
      if (holdsJingleMedia(el))
        out.push({ name: all.length > 1 ? `${ex.file.slice(0, -4)}-${i + 1}` : ex.file.slice(0, -4), el });
    });
  }
  // The paired "Mapping to SDP" code blocks (mappings.json) are fragments: <description>, <content>, <group>.
  for (const f of readdirSync(XEP_DIR).filter((f) => /-(map\d+|code\d+)\.xml$/.test(f))) {
    for (const el of roots(readFileSync(XEP_DIR + f, 'utf8')))
      if (holdsJingleMedia(el)) out.push({ name: f.slice(0, -4), el });
  }
  for (const f of readdirSync(INTEROP_DIR).filter((f) => f.endsWith('.xml'))) {
    roots(readFileSync(INTEROP_DIR + f, 'utf8')).forEach((el, i, all) => {
      if (holdsJingleMedia(el))
        out.push({ name: all.length > 1 ? `${f.slice(0, -4)}-${i + 1}` : f.slice(0, -4), el });
    });
  }
  return out;
}
