// Well-formedness check with positions, run before ltx.parse. ltx's own parser reports no
// positions and silently skips a mismatched closing tag (`<a><b></c></b></a>` parses), which would
// hide exactly the kind of broken stanza this debugging tool is pointed at.
// Covers XML 1.0 §2.1 document structure, §3.1 tags/attributes, §4.1 references and RFC 6120
// §11.1 (no DTDs in XMPP). Not a validating parser: names are checked loosely (ASCII rules plus
// any non-ASCII letter) raw characters outside XML's Char range are left to the translator.

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`XML syntax error at line ${line}, column ${column}: ${detail}`);
  }
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w:.\-\u00B7\u00C0-\uFFFF]*/y;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
const SPACE = /[ \t\r\n]*/y;
const NOT_SPACE = /[^ \t\r\n]/g;

// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const isXmlChar = (c: number): boolean =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

interface Open {
  name: string;
  at: number;
}

/** 1-based line and column (UTF-16 units) of an offset, the way editors count them. */
export function positionOf(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

/** Throws XmlSyntaxError at the first problem; returns normally for a well-formed document. */
export function checkWellFormed(xml: string): void {
  // Annotated on the variable so TypeScript treats `fail(...)` statements as never returning.
  const fail: (at: number, detail: string) => never = (at, detail) => {
    const { line, column } = positionOf(xml, at);
    throw new XmlSyntaxError(line, column, detail);
  };
  const where = (o: Open): string => {
    const { line, column } = positionOf(xml, o.at);
    return `<${o.name}> opened at line ${line}, column ${column}`;
  };
  const matchAt = (re: RegExp, at: number): string | undefined => {
    re.lastIndex = at;
    return re.exec(xml)?.[0];
  };
  // XML 1.0 §4.1: only the five predefined entities and character references (no DTD to define more).
  const checkReferences = (from: number, to: number): void => {
    for (let i = xml.indexOf('&', from); i !== -1 && i < to; i = xml.indexOf('&', i + 1)) {
      const ref = matchAt(ENTITY, i);
      if (ref === undefined || i + ref.length > to)
        fail(i, '"&" must start &amp;, &lt;, &gt;, &quot;, &apos; or &#N;');
      if (
        ref.startsWith('&#') &&
        !isXmlChar(Number(ref.startsWith('&#x') ? `0x${ref.slice(3, -1)}` : ref.slice(2, -1)))
      )
        fail(i, `${ref} is not a character XML allows`);
    }
  };
  const skipTo = (at: number, end: string, what: string): number => {
    const i = xml.indexOf(end, at);
    return i === -1 ? fail(at, `${what} is never closed`) : i + end.length;
  };

  const open: Open[] = [];
  let seenRoot = false;
  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) {
      if (open.length > 0) checkReferences(pos, textEnd);
      else {
        NOT_SPACE.lastIndex = pos;
        const m = NOT_SPACE.exec(xml);
        if (m !== null && m.index < textEnd)
          fail(m.index, seenRoot ? 'text after the root element' : 'text before the root element');
      }
      pos = textEnd;
      continue;
    }
    if (xml.startsWith('<!--', pos)) pos = skipTo(pos + 4, '-->', 'comment');
    else if (xml.startsWith('<?', pos)) pos = skipTo(pos + 2, '?>', 'processing instruction');
    else if (xml.startsWith('<![CDATA[', pos)) {
      if (open.length === 0) fail(pos, 'CDATA section outside the root element');
      pos = skipTo(pos + 9, ']]>', 'CDATA section');
    } else if (xml.startsWith('<!', pos))
      fail(pos, 'DOCTYPE and other declarations are not allowed in XMPP (RFC 6120 §11.1)');
    else if (xml.startsWith('</', pos)) pos = closingTag(pos);
    else {
      if (open.length === 0 && seenRoot) fail(pos, 'a second root element');
      seenRoot = true;
      pos = openingTag(pos);
    }
  }
  const last = open.at(-1);
  if (last !== undefined) fail(xml.length, `${where(last)} is never closed`);
  if (!seenRoot) fail(xml.length, 'no root element');

  function openingTag(start: number): number {
    const name = matchAt(NAME, start + 1) ?? fail(start + 1, 'expected an element name after "<"');
    const seen = new Set<string>();
    let at = start + 1 + name.length;
    for (;;) {
      const space = matchAt(SPACE, at) ?? '';
      at += space.length;
      if (xml.startsWith('/>', at)) return at + 2;
      if (xml[at] === '>') {
        open.push({ name, at: start });
        return at + 1;
      }
      if (at >= xml.length) fail(start, `tag <${name}> is never closed`);
      if (space === '') fail(at, `expected whitespace, ">" or "/>" in tag <${name}>`);
      const attr = matchAt(NAME, at) ?? fail(at, `expected an attribute name in tag <${name}>`);
      if (seen.has(attr)) fail(at, `duplicate attribute "${attr}" in tag <${name}>`);
      seen.add(attr);
      at += attr.length;
      at += (matchAt(SPACE, at) ?? '').length;
      if (xml[at] !== '=') fail(at, `expected "=" after attribute "${attr}"`);
      at += 1;
      at += (matchAt(SPACE, at) ?? '').length;
      const quote = xml[at];
      if (quote !== '"' && quote !== "'") fail(at, `value of attribute "${attr}" must be quoted`);
      const end = xml.indexOf(quote ?? '"', at + 1);
      if (end === -1) fail(at, `value of attribute "${attr}" is never closed`);
      const ltInValue = xml.indexOf('<', at + 1);
      if (ltInValue !== -1 && ltInValue < end) fail(ltInValue, `"<" in the value of attribute "${attr}"`);
      checkReferences(at + 1, end);
      at = end + 1;
    }
  }

  function closingTag(start: number): number {
    const name = matchAt(NAME, start + 2) ?? fail(start + 2, 'expected an element name after "</"');
    let at = start + 2 + name.length;
    at += (matchAt(SPACE, at) ?? '').length;
    if (xml[at] !== '>') fail(at, `expected ">" to end the closing tag </${name}>`);
    const top = open.pop() ?? fail(start, `closing tag </${name}> without an open element`);
    if (top.name !== name) fail(start, `closing tag </${name}> does not match ${where(top)}`);
    return at + 1;
  }
}
