// Namespace prefixes (Namespaces in XML 1.0 §6): `<rtcpf:rtcp-fb xmlns:rtcpf='urn:…:rtcp-fb:0'/>` is
// the same element as `<rtcp-fb xmlns='urn:…:rtcp-fb:0'/>`. StanzaJS 12.22.1 writes its rtcp-fb and
// rtp-hdrext children so (tests/fixtures/interop/stanzajs-session-accept-fid.xml). ltx keeps the
// prefix in `name`, and the walkers match local names and `xmlns`, so a prefixed tree is rewritten
// once into that form before it is read.
import { Element } from '../ltx.js';

/** `el` itself when no element under it has a prefix (the usual case), else a rewritten copy. */
export function unprefixed(el: Element): Element {
  return hasPrefix(el) ? rewrite(el, new Map()) : el;
}

function hasPrefix(el: Element): boolean {
  if (typeof el.name === 'string' && el.name.includes(':')) return true;
  for (const c of el.children) if (typeof c === 'object' && c !== null && hasPrefix(c)) return true;
  return false;
}

function rewrite(el: Element, scope: ReadonlyMap<string, string>): Element {
  let inner = scope;
  for (const [k, v] of Object.entries(el.attrs)) {
    if (!k.startsWith('xmlns:') || typeof v !== 'string') continue;
    if (inner === scope) inner = new Map(scope);
    (inner as Map<string, string>).set(k.slice(6), v);
  }
  // Declarations stay: attributes such as our candidate's jb:network-cost use them.
  const attrs: Record<string, unknown> = { ...el.attrs };
  let name = String(el.name);
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const ns = inner.get(name.slice(0, colon));
    name = name.slice(colon + 1);
    // An undeclared prefix is not namespace-well-formed; the local name is still the best reading.
    if (ns !== undefined) attrs['xmlns'] = ns;
  }
  const out = new Element(name, attrs);
  for (const c of el.children) {
    if (typeof c === 'string') out.t(c);
    else if (typeof c === 'object' && c !== null) out.cnode(rewrite(c, inner));
  }
  return out;
}
