// Tree edits for the wire fuzzer (wire-fuzz.ts) on plain ltx elements, none of them recursive: the
// fuzzer nests thousands of levels deep, and ltx's own toString()/clone() recurse once per level.
import { Element, escapeXML, escapeXMLText } from 'ltx';

/** A deep copy (templates come from ltx, @xmpp/xml and the translator, not all with clone()). */
export function copy(root: Element): Element {
  const top = new Element(root.name, { ...root.attrs });
  const stack: Array<[Element, Element]> = [[root, top]];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    for (const c of from.children) {
      if (typeof c === 'string') to.children.push(c);
      else {
        const child = new Element(c.name, { ...c.attrs });
        to.children.push(child);
        stack.push([c, child]);
      }
    }
  }
  return top;
}

/**
 * The XML text of a tree without recursion: ltx's toString() recurses per level and overflows the
 * stack on the deep nesting the fuzzer builds (a few thousand levels).
 */
export function serialize(root: Element): string {
  const out: string[] = [];
  const stack: Array<Element | string> = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const attrs = Object.entries(item.attrs)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => ` ${k}="${escapeXML(String(v))}"`)
      .join('');
    const children = item.children.filter((c) => c !== '');
    if (children.length === 0) {
      out.push(`<${item.name}${attrs}/>`);
      continue;
    }
    out.push(`<${item.name}${attrs}>`);
    stack.push(`</${item.name}>`);
    for (const c of [...children].reverse()) stack.push(typeof c === 'string' ? escapeXMLText(c) : c);
  }
  return out.join('');
}

/** Every element of the tree, depth first, root first. */
export function elements(root: Element): Element[] {
  const out: Element[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    out.push(el);
    for (const c of [...el.children].reverse()) if (typeof c !== 'string') stack.push(c);
  }
  return out;
}

export function parentOf(root: Element, el: Element): Element | undefined {
  return elements(root).find((p) => p.children.includes(el));
}

/**
 * Declares every prefix used but not in scope (Namespaces in XML §5): a graft or a deleted
 * `xmlns:p` leaves `p:name` unbound, and Prosody ends the sender's stream as not-well-formed.
 * The declaration an ancestor had is kept when there was one.
 */
export function bindPrefixes(root: Element, known: Record<string, string> = {}): void {
  const stack: Array<[Element, Record<string, string>]> = [[root, known]];
  while (stack.length > 0) {
    const [el, inherited] = stack.pop()!;
    const scope = { ...inherited };
    for (const [k, v] of Object.entries(el.attrs)) if (k.startsWith('xmlns:')) scope[k.slice(6)] = String(v);
    const used = [el.name, ...Object.keys(el.attrs)]
      .filter((n) => n.includes(':') && !n.startsWith('xmlns:') && !n.startsWith('xml:'))
      .map((n) => n.slice(0, n.indexOf(':')));
    for (const p of used)
      if (el.attrs[`xmlns:${p}`] === undefined) el.attrs[`xmlns:${p}`] = scope[p] ?? `urn:fuzz:${p}`;
    for (const c of el.children) if (typeof c !== 'string') stack.push([c, scope]);
  }
}
