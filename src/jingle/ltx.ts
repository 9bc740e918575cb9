// The core needs only ltx's Element class and clone(). The package index also loads ltx's XML
// parser and, in browser bundles, an `events` shim: about 6 KiB gzipped that the pure core never
// uses (docs/benchmarks.md, bundle budget). These are the same ES module instances the index
// re-exports, so `instanceof Element` agrees with code that imports 'ltx' directly.
import type { clone as LtxClone, Element as LtxElement } from 'ltx';
import ElementImpl from 'ltx/src/Element.js';
import cloneImpl from 'ltx/src/clone.js';

// @types/ltx types these files as CommonJS, so their default import looks like a module object;
// at run time (ESM) it is the class and the function the package index re-exports.
export const Element = ElementImpl as unknown as typeof LtxElement;
export type Element = LtxElement;
export const clone = cloneImpl as unknown as typeof LtxClone;
