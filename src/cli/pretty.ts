// Indented XML for people reading a translation while debugging interop. Same escaping as ltx's
// toString(); ltx's own stringify(el, indent) leaves a lone text child unescaped, so it is not used.
import { escapeXML, escapeXMLText } from 'ltx';
import type { Element, Node } from 'ltx';

const INDENT = '  ';

const isText = (n: Node): n is string => typeof n === 'string';

function openTag(el: Element): string {
  let s = `<${el.name}`;
  for (const [k, v] of Object.entries(el.attrs as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    s += ` ${k}="${escapeXML(String(v))}"`;
  }
  return s;
}

/**
 * One element per line, children indented by two spaces. An element holding only text keeps it
 * on its own line (`<fingerprint …>AB:CD</fingerprint>`); one that mixes text and elements is
 * printed compactly, because re-indenting it would change its text.
 */
export function prettyXml(root: Element): string {
  const lines: string[] = [];
  const walk = (el: Element, depth: number): void => {
    const pad = INDENT.repeat(depth);
    const children = el.children.filter((c) => c !== null && c !== undefined);
    if (children.length === 0) lines.push(`${pad}${openTag(el)}/>`);
    else if (children.every(isText))
      lines.push(`${pad}${openTag(el)}>${escapeXMLText(children.join(''))}</${el.name}>`);
    else if (children.some((c) => isText(c) && c.trim() !== '')) lines.push(`${pad}${el.toString()}`);
    else {
      lines.push(`${pad}${openTag(el)}>`);
      for (const c of children) if (!isText(c)) walk(c, depth + 1);
      lines.push(`${pad}</${el.name}>`);
    }
  };
  walk(root, 0);
  return lines.join('\n');
}

/**
 * Drops whitespace-only text between elements (indentation of pretty-printed input) so the
 * translator sees the same tree as for compact XML. Text-only elements keep their text.
 */
export function stripIndentation(el: Element): Element {
  if (el.children.some((c) => !isText(c))) {
    el.children = el.children.filter((c) => !isText(c) || c.trim() !== '');
  }
  for (const c of el.children) if (!isText(c)) stripIndentation(c);
  return el;
}
