import fc from 'fast-check';
import { Element, parse } from 'ltx';
import { describe, expect, it } from 'vitest';
import { xmlTrees } from './xml-trees.js';
import { prettyXml, stripIndentation } from '../../../src/cli/pretty.js';

describe('prettyXml', () => {
  it('puts one element per line, indents children by two spaces and escapes like ltx', () => {
    const el = parse(
      '<jingle xmlns="urn:xmpp:jingle:1"><content name="0&amp;1"><fingerprint hash="sha-256">AB&lt;CD</fingerprint><rtcp-mux/></content><group semantics="BUNDLE"/></jingle>',
    );
    expect(prettyXml(el)).toEqual(
      [
        '<jingle xmlns="urn:xmpp:jingle:1">',
        '  <content name="0&amp;1">',
        '    <fingerprint hash="sha-256">AB&lt;CD</fingerprint>',
        '    <rtcp-mux/>',
        '  </content>',
        '  <group semantics="BUNDLE"/>',
        '</jingle>',
      ].join('\n'),
    );
  });

  it('prints an element that mixes text and elements compactly, keeping its text as is', () => {
    const el = parse('<reason><text> a <b/> c </text><success/></reason>');
    expect(prettyXml(el)).toEqual(
      ['<reason>', '  <text> a <b/> c </text>', '  <success/>', '</reason>'].join('\n'),
    );
  });

  it('skips attributes whose value is null or undefined, as ltx does', () => {
    const el = new Element('candidate', { ip: '192.0.2.1', port: 9, 'rel-addr': undefined, network: null });
    expect(prettyXml(el)).toEqual('<candidate ip="192.0.2.1" port="9"/>');
  });
});

describe('stripIndentation', () => {
  it('drops whitespace between elements and keeps text-only content', () => {
    const el = stripIndentation(parse('<a>\n  <b> x </b>\n  <c>  </c>\n</a>'));
    expect(el.toString()).toEqual('<a><b> x </b><c>  </c></a>');
  });
});

const tree = xmlTrees({
  names: ['jingle', 'content', 'transport', 'candidate'],
  attrNames: ['id', 'ip', 'port'],
  mixed: false,
});

describe('prettyXml then parse and stripIndentation', () => {
  it('gives back the same XML as ltx toString() for any tree without mixed content', () => {
    fc.assert(
      fc.property(tree, (el) => {
        expect(stripIndentation(parse(prettyXml(el))).toString()).toEqual(el.toString());
      }),
    );
  });
});
