// The mutations of the wire fuzzer (wire-fuzz.ts): what fast-check draws, and how each one edits a
// stanza tree. `at` picks an element of the tree (depth first, modulo its size), so every drawn
// mutation applies to any template.
import fc from 'fast-check';
import type { Element } from 'ltx';
import { xml } from '../../src/client/xmpp.js';
import type { Template } from './wire-fuzz-corpus.js';
import { copy, elements, parentOf } from './wire-fuzz-tree.js';
import { JID_OF_CONTEXT, NAMES, NAMESPACES, valueArb } from './wire-fuzz-values.js';

/** Prosody 0.12's default `c2s_stanza_size_limit` (mod_c2s, mod_websocket): 256 KiB. */
export const PROSODY_C2S_STANZA_LIMIT = 256 * 1024;
/** What the fuzzer sends at most: the limit less room for the `from` Prosody stamps on. */
export const MAX_STANZA_BYTES = PROSODY_C2S_STANZA_LIMIT - 512;

export type Mutation =
  | { op: 'drop' | 'dup' | 'unwrap'; at: number }
  | { op: 'reorder'; at: number; by: number }
  | { op: 'del-attr'; at: number; which: number }
  | { op: 'set-attr'; at: number; name: string; value: string }
  | { op: 'rename'; at: number; name: string }
  | { op: 'set-ns'; at: number; ns: string }
  | { op: 'text'; at: number; value: string }
  | { op: 'nest'; at: number; depth: number }
  | { op: 'graft'; at: number; template: number; part: number }
  | { op: 'pad'; at: number; bytes: number; how: 'text' | 'children' | 'attr' };

const at = fc.nat();
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('drop', 'dup', 'unwrap'), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reorder'), at, by: fc.nat(8) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('del-attr'), at, which: fc.nat() }) },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('set-attr'),
      at,
      name: fc.constantFrom(...NAMES),
      value: valueArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename'), at, name: fc.constantFrom(...NAMES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set-ns'), at, ns: fc.constantFrom(...NAMESPACES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('text'), at, value: valueArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('nest'), at, depth: fc.integer({ min: 2, max: 3000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('graft'), at, template: fc.nat(), part: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('pad'),
      at,
      bytes: fc.constantFrom(1_000, 1_000, 10_000, 10_000, 60_000, 100_000, 200_000, MAX_STANZA_BYTES),
      how: fc.constantFrom('text', 'children', 'attr'),
    }),
  },
);

function pad(el: Element, bytes: number, how: 'text' | 'children' | 'attr'): void {
  if (how === 'text') el.children.push('x'.repeat(bytes));
  else if (how === 'attr') el.attrs['fz-pad'] = 'y'.repeat(bytes);
  else for (let i = 0; i < bytes / 40; i++) el.children.push(xml('candidate', { id: String(i), port: '9' }));
}

export function mutate(root: Element, m: Mutation, corpus: Template[], jids: string[]): void {
  const all = elements(root);
  const el = all[m.at % all.length]!;
  const parent = el === root ? undefined : parentOf(root, el);
  const kids = el.children.filter((c): c is Element => typeof c !== 'string');
  switch (m.op) {
    case 'drop':
      if (parent) parent.children.splice(parent.children.indexOf(el), 1);
      break;
    case 'dup':
      if (parent) parent.children.splice(parent.children.indexOf(el), 0, copy(el));
      break;
    case 'unwrap':
      if (parent) parent.children.splice(parent.children.indexOf(el), 1, ...el.children);
      break;
    case 'reorder':
      if (kids.length > 1)
        el.children = [...kids.slice(m.by % kids.length), ...kids.slice(0, m.by % kids.length)];
      break;
    case 'del-attr': {
      const names = Object.keys(el.attrs);
      const name = names[m.which % names.length];
      if (name !== undefined)
        el.attrs = Object.fromEntries(Object.entries(el.attrs).filter(([k]) => k !== name));
      break;
    }
    case 'set-attr':
      el.attrs[m.name] = m.value === JID_OF_CONTEXT ? (jids[m.at % jids.length] ?? '') : m.value;
      break;
    case 'rename':
      if (el !== root) el.name = m.name;
      break;
    case 'set-ns':
      if (el !== root) el.attrs.xmlns = m.ns;
      break;
    case 'text':
      el.children = [...kids, m.value];
      break;
    case 'nest': {
      let inner: Element = copy(el);
      for (let i = 0; i < m.depth; i++) inner = xml('n', {}, inner);
      el.children.push(inner);
      break;
    }
    case 'graft': {
      const donor = elements(corpus[m.template % corpus.length]!.el);
      el.children.push(copy(donor[m.part % donor.length]!));
      break;
    }
    case 'pad':
      pad(el, m.bytes, m.how);
  }
}
