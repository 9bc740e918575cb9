// Fixture loading for the JMI tests. The XEP-0353 examples are copied verbatim from
// the XEP into tests/fixtures/xep-examples (provenance in tests/fixtures/SOURCES.md).
import { readFileSync } from 'node:fs';
import { Element, parse } from 'ltx';
import { expect } from 'vitest';
import { parseJmi, type JmiMessage } from '../../../src/jingle/jmi/index.js';

const DIR = new URL('../../fixtures/xep-examples/', import.meta.url);

/**
 * Every root stanza of a fixture file (several hold a transcript of stanzas and comments). 0353-ex11 is
 * not well-formed in the XEP (`<retract>` closed by `</reject>`, manifest.json); we repair exactly that
 * erratum here and nowhere else.
 */
export function stanzas(file: string): Element[] {
  let text = readFileSync(new URL(file, DIR), 'utf8');
  if (file === '0353-ex11.xml') text = text.replace(/(<retract [\s\S]*?)<\/reject>/, '$1</retract>');
  const root = parse(`<root>${text.replace(/<!--[\s\S]*?-->/g, '')}</root>`);
  return root.getChildElements().map((el) => strip(el));
}

export function stanza(file: string, index = 0): Element {
  const el = stanzas(file)[index];
  if (el === undefined) throw new Error(`${file} has no stanza #${index}`);
  return el;
}

/** Whitespace-only text between elements is pretty-printing, not content. */
export function strip(el: Element): Element {
  const copy = new Element(el.name, { ...el.attrs });
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (c.trim() !== '') copy.t(c);
    } else copy.cnode(strip(c));
  }
  return copy;
}

/** Parse a stanza as the given device would, failing the test when it is not taken as JMI. */
export function jmi(el: Element, own: string): JmiMessage {
  const r = parseJmi(el, own);
  if (!r.ok) throw new Error(`not JMI (${r.ignored}): ${el.toString()}`);
  return r.message;
}

/** Compare two stanzas as whole XML strings (attribute order as ltx writes it from equal inputs). */
export function expectSameXml(actual: Element, expected: Element): void {
  expect(actual.toString()).toEqual(strip(expected).toString());
}

/** The same stanza with a different `to`, for XEP examples whose addressing predates v0.8.0 §3. */
export function readdressed(el: Element, to: string): Element {
  const copy = strip(el);
  copy.attrs['to'] = to;
  return copy;
}

export const ROMEO = 'romeo@montague.example/orchard';
export const JULIET_PHONE = 'juliet@capulet.example/phone';
export const JULIET_TABLET = 'juliet@capulet.example/tablet';
export const JULIET_DESKTOP = 'juliet@capulet.example/desktop';
export const JULIET = 'juliet@capulet.example';
export const ROMEO_BARE = 'romeo@montague.example';
export const SID = 'ca3cf894-5325-482f-a412-a6e9f832298d';
export const SID_HIGH = 'fecbea35-08d3-404f-9ec7-2b57c566fa74';
export const SID_NEW = '989a46a6-f202-4910-a7c3-83c6ba3f3947';
export const OLD_SID = 'a73sjjvkla37jfea';
