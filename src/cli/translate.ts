// Text in, text out: the two commands without any I/O, so tests can call them in-process too.
import { Element, clone, parse } from 'ltx';
import { JingleParseError, NS_JINGLE_1, jingleToSdp, sdpToJingle, type Role } from '../jingle/index.js';
import { prettyXml, stripIndentation } from './pretty.js';
import { checkSdp } from './sdp-check.js';
import { checkWellFormed } from './xml-check.js';

/**
 * Also checks that the result reads back with jingleToSdp, whose checks are the strict ones
 * (interop.md §3.21): a candidate port of 99999 passes sdp-transform, but no peer should get it.
 */
export function sdpToJingleText(sdp: string, opts: { role: Role; keepTcp: boolean }): string {
  checkSdp(sdp);
  const jingle = sdpToJingle(sdp, { role: opts.role, keepTcpCandidates: opts.keepTcp });
  toSdpNamingContent(jingle, opts.role);
  return `${prettyXml(jingle)}\n`;
}

/** Accepts what the translator accepts (a <jingle> or a whole <iq>), compact or indented. */
export function jingleToSdpText(xml: string, opts: { role: Role }): string {
  checkWellFormed(xml);
  return toSdpNamingContent(stripIndentation(parse(xml)), opts.role);
}

/** A JingleParseError located in one content, by the content's name (= the SDP a=mid). */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(
    readonly content: string,
    readonly parseError: JingleParseError,
  ) {
    super(`content "${content}": ${parseError.message}`);
  }
}

/**
 * jingleToSdp, but a JingleParseError also says which content it is in: the translator names the
 * element (`<candidate@port>`), and a session has one candidate list per content.
 */
function toSdpNamingContent(el: Element, role: Role): string {
  try {
    return jingleToSdp(el, { role });
  } catch (err) {
    if (!(err instanceof JingleParseError)) throw err;
    const name = contentOf(el, err, role);
    throw name === undefined ? err : new ContentError(name, err);
  }
}

/** Translates each content alone and returns the name of the first that fails the same way. */
function contentOf(el: Element, err: JingleParseError, role: Role): string | undefined {
  const jingle = el.is('jingle', NS_JINGLE_1) ? el : el.getChild('jingle', NS_JINGLE_1);
  for (const content of jingle?.getChildren('content') ?? []) {
    const alone = new Element('jingle', { xmlns: NS_JINGLE_1 });
    alone.cnode(clone(content));
    try {
      jingleToSdp(alone, { role });
    } catch (e) {
      if (e instanceof JingleParseError && e.message === err.message) return String(content.attrs['name']);
    }
  }
  return undefined;
}
