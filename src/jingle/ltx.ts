// The core needs only ltx's Element class and a copy. The package index also loads ltx's XML
// parser and, in browser bundles, an `events` shim: about 6 KiB gzipped that the pure core never
// uses (docs/benchmarks.md, bundle budget). These are the same ES module instances the index
// re-exports, so `instanceof Element` agrees with code that imports 'ltx' directly.
import type { Element as LtxElement } from 'ltx';
import ElementImpl from 'ltx/src/Element.js';

// @types/ltx types these files as CommonJS, so their default import looks like a module object;
// at run time (ESM) it is the class and the function the package index re-exports.
export const Element = ElementImpl as unknown as typeof LtxElement;
export type Element = LtxElement;

/** ltx's clone(), without its recursion (see copyTree). */
export const clone = (el: Element): Element => copyTree(el);

/** An element of any copy of ltx's class (@xmpp/xml bundles its own): the shape, not the class. */
export interface ElementLike {
  name: string;
  attrs: Record<string, unknown>;
  children: ReadonlyArray<ElementLike | string>;
}

/**
 * Copies `el` node by node, each element made by `make` (this module's class by default), without
 * recursion. ltx's clone() and any recursive copy use a stack frame per level, so a stanza nested a
 * few thousand levels deep (tens of kB, far under a server's stanza limit) overflowed the stack: the
 * wire fuzzer found it in the component, then in the client (docs/reliability.md).
 */
export function copyTree(
  el: ElementLike,
  make: (name: string, attrs: Record<string, unknown>) => Element = (name, attrs) => new Element(name, attrs),
): Element {
  const root = make(el.name, { ...el.attrs });
  const todo: Array<[from: ElementLike, to: Element]> = [[el, root]];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [from, to] = next;
    for (const child of from.children) {
      if (typeof child === 'string') {
        to.children.push(child);
        continue;
      }
      const copy = make(child.name, { ...child.attrs });
      copy.parent = to;
      to.children.push(copy);
      todo.push([child, copy]);
    }
  }
  return root;
}
