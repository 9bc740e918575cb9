import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmlTrees } from './xml-trees.js';
import { prettyXml } from '../../../src/cli/pretty.js';
import { XmlSyntaxError, checkWellFormed, positionOf } from '../../../src/cli/xml-check.js';

const errorOf = (xml: string): string | undefined => {
  try {
    checkWellFormed(xml);
    return undefined;
  } catch (err) {
    if (err instanceof XmlSyntaxError) return err.message;
    throw err;
  }
};

describe('checkWellFormed rejects malformed XML with line and column', () => {
  it.each([
    ['', 'XML syntax error at line 1, column 1: no root element'],
    ['<!-- only a comment -->', 'XML syntax error at line 1, column 24: no root element'],
    ['x<a/>', 'XML syntax error at line 1, column 1: text before the root element'],
    ['<a/>\n  x', 'XML syntax error at line 2, column 3: text after the root element'],
    ['<a/><b/>', 'XML syntax error at line 1, column 5: a second root element'],
    ['<a>', 'XML syntax error at line 1, column 4: <a> opened at line 1, column 1 is never closed'],
    [
      '<a><b></c></b></a>',
      'XML syntax error at line 1, column 7: closing tag </c> does not match <b> opened at line 1, column 4',
    ],
    [
      '<a\n  b="1">\n  <d></e></a>',
      'XML syntax error at line 3, column 6: closing tag </e> does not match <d> opened at line 3, column 3',
    ],
    ['</a>', 'XML syntax error at line 1, column 1: closing tag </a> without an open element'],
    ['<a></a ', 'XML syntax error at line 1, column 8: expected ">" to end the closing tag </a>'],
    ['< a/>', 'XML syntax error at line 1, column 2: expected an element name after "<"'],
    ['<a', 'XML syntax error at line 1, column 1: tag <a> is never closed'],
    ['<a b="1"c="2"/>', 'XML syntax error at line 1, column 9: expected whitespace, ">" or "/>" in tag <a>'],
    ['<a ="1"/>', 'XML syntax error at line 1, column 4: expected an attribute name in tag <a>'],
    ['<a b/>', 'XML syntax error at line 1, column 5: expected "=" after attribute "b"'],
    ['<a b=1/>', 'XML syntax error at line 1, column 6: value of attribute "b" must be quoted'],
    ['<a b="1/>', 'XML syntax error at line 1, column 6: value of attribute "b" is never closed'],
    ['<a b="<"/>', 'XML syntax error at line 1, column 7: "<" in the value of attribute "b"'],
    ["<a b='1' b='2'/>", 'XML syntax error at line 1, column 10: duplicate attribute "b" in tag <a>'],
    [
      '<a>&nbsp;</a>',
      'XML syntax error at line 1, column 4: "&" must start &amp;, &lt;, &gt;, &quot;, &apos; or &#N;',
    ],
    [
      '<a b="&amp"/>',
      'XML syntax error at line 1, column 7: "&" must start &amp;, &lt;, &gt;, &quot;, &apos; or &#N;',
    ],
    ['<a>&#1;</a>', 'XML syntax error at line 1, column 4: &#1; is not a character XML allows'],
    ['<a>&#xD800;</a>', 'XML syntax error at line 1, column 4: &#xD800; is not a character XML allows'],
    ['<a><!-- x </a>', 'XML syntax error at line 1, column 8: comment is never closed'],
    ['<a><![CDATA[ x </a>', 'XML syntax error at line 1, column 13: CDATA section is never closed'],
    ['<![CDATA[x]]><a/>', 'XML syntax error at line 1, column 1: CDATA section outside the root element'],
    ['<?xml version="1.0"', 'XML syntax error at line 1, column 3: processing instruction is never closed'],
    [
      '<!DOCTYPE a><a/>',
      'XML syntax error at line 1, column 1: DOCTYPE and other declarations are not allowed in XMPP (RFC 6120 §11.1)',
    ],
  ])('%j', (xml, message) => {
    expect(errorOf(xml)).toEqual(message);
  });
});

describe('checkWellFormed accepts well-formed XML', () => {
  it.each([
    '<a/>',
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a/>\n<!-- after -->\n',
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' sid=\"x&amp;&#x41;&#65;\"/></iq>",
    '<a><![CDATA[<not-a-tag>&]]>&lt;text&gt;<b  c = "1" /></a >',
    '<a:b xmlns:a="urn:x"><a:c/></a:b>',
  ])('%j', (xml) => {
    expect(errorOf(xml)).toEqual(undefined);
  });
});

describe('positionOf', () => {
  it.each([
    [0, { line: 1, column: 1 }],
    [2, { line: 1, column: 3 }],
    [3, { line: 2, column: 1 }],
    [5, { line: 3, column: 1 }],
    [7, { line: 3, column: 3 }],
  ])('offset %i of "ab\\nc\\nde" is %j', (at, pos) => {
    expect(positionOf('ab\nc\nde', at)).toEqual(pos);
  });
});

// Random ltx trees: names and attribute keys from small sets, any attribute value, text only in
// leaves or next to elements, never whitespace-only (indentation is what stripIndentation removes).
const tree = xmlTrees({
  names: ['jingle', 'content', 'description', 'payload-type', 'x:y'],
  attrNames: ['id', 'name', 'xmlns', 'a-b'],
  mixed: true,
});

describe('checkWellFormed on serialised trees', () => {
  it('accepts ltx toString() and prettyXml() output of any tree', () => {
    fc.assert(
      fc.property(tree, (el) => {
        expect([errorOf(el.toString()), errorOf(prettyXml(el))]).toEqual([undefined, undefined]);
      }),
    );
  });

  it('rejects every proper prefix of a serialised tree', () => {
    fc.assert(
      fc.property(tree, fc.nat(), (el, n) => {
        const xml = el.toString();
        const cut = xml.slice(0, n % xml.length);
        expect(errorOf(cut)).toMatch(/^XML syntax error at line \d+, column \d+: /);
      }),
    );
  });
});
