// A minimal outgoing XML element for the one IQ the app builds itself (call-link.ts). The client's
// public surface (src/client/index.ts) exports no XML factory and the app imports nothing else;
// ltx serialises a child through its `write(writer)` method, which this provides with the escaping
// of XML 1.0 §2.4 (text) and §3.1 (attribute values).

const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export class XmlNode {
  constructor(
    readonly name: string,
    readonly attrs: Readonly<Record<string, string>>,
    readonly children: ReadonlyArray<XmlNode | string>,
  ) {}

  write(writer: (chunk: string) => void): void {
    writer(`<${this.name}`);
    for (const [k, v] of Object.entries(this.attrs)) writer(` ${k}="${escapeAttr(v)}"`);
    if (this.children.length === 0) return writer('/>');
    writer('>');
    for (const c of this.children) {
      if (typeof c === 'string') writer(escapeText(c));
      else c.write(writer);
    }
    writer(`</${this.name}>`);
  }

  toString(): string {
    let s = '';
    this.write((c) => (s += c));
    return s;
  }
}

export const node = (
  name: string,
  attrs: Record<string, string>,
  ...children: Array<XmlNode | string>
): XmlNode => new XmlNode(name, attrs, children);
