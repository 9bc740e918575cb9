// Text in, text out: the two commands without any I/O, so tests can call them in-process too.
import { Element, parse } from 'ltx';
import { clone } from '../jingle/ltx.js';
import {
  JingleParseError,
  NS_JINGLE_1,
  candidatesFromJingle,
  jingleToSdp,
  sdpToJingle,
  transportsFromJingle,
  type Role,
} from '../jingle/index.js';
import { prettyXml, stripIndentation } from './pretty.js';
import { checkSdp } from './sdp-check.js';
import { checkWellFormed } from './xml-check.js';

/**
 * Also checks that the result reads back with jingleToSdp, whose checks are the strict ones
 * (docs/reference/deployed-clients.md §3.21): a candidate port of 99999 passes sdp-transform, but no peer should get it.
 */
export function sdpToJingleText(sdp: string, opts: { role: Role; keepTcp: boolean }): string {
  checkSdp(sdp);
  const jingle = sdpToJingle(sdp, { role: opts.role, keepTcpCandidates: opts.keepTcp });
  toSdpNamingContent(jingle, opts.role);
  return `${prettyXml(jingle)}\n`;
}

/**
 * Accepts what the translator accepts (a <jingle> or a whole <iq>), compact or indented. A
 * transport-info, or a Jingle none of whose contents has an m-line, has no SDP: its ICE lines are
 * printed per content instead (trickleText). `json`: the candidates as RTCIceCandidateInit objects.
 */
export function jingleToSdpText(xml: string, opts: { role: Role; json?: boolean }): string {
  checkWellFormed(xml);
  const el = stripIndentation(parse(xml));
  if (opts.json === true) return `${JSON.stringify(namingContent(el, candidatesFromJingle), null, 2)}\n`;
  const action = (el.is('jingle', NS_JINGLE_1) ? el : el.getChild('jingle', NS_JINGLE_1))?.attrs['action'];
  if (action === 'transport-info') return trickleText(el);
  const sdp = toSdpNamingContent(el, opts.role);
  return /^m=/m.test(sdp) ? sdp : trickleText(el);
}

/**
 * Per content: a=mid, then a=ice-ufrag/a=ice-pwd when the transport has them (an ICE restart,
 * XEP-0176 §5.9), then its a=candidate lines, as the client hands them to the browser.
 */
function trickleText(el: Element): string {
  const transports = namingContent(el, transportsFromJingle);
  if (transports.length === 0)
    throw new JingleParseError('jingle', 'no content with an SDP m-line or an ICE-UDP transport');
  const lines: string[] = [];
  for (const t of transports) {
    lines.push(`a=mid:${t.mid}`);
    if (t.ufrag !== null) lines.push(`a=ice-ufrag:${t.ufrag}`);
    if (t.pwd !== null) lines.push(`a=ice-pwd:${t.pwd}`);
    for (const c of t.candidates) lines.push(`a=${c.candidate}`);
  }
  return `${lines.join('\r\n')}\r\n`;
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
  return namingContent(el, (j) => jingleToSdp(j, { role }));
}

function namingContent<T>(el: Element, read: (jingle: Element) => T): T {
  try {
    return read(el);
  } catch (err) {
    if (!(err instanceof JingleParseError)) throw err;
    const name = contentOf(el, err, read);
    throw name === undefined ? err : new ContentError(name, err);
  }
}

/** Reads each content alone and returns the name of the first that fails the same way. */
function contentOf(
  el: Element,
  err: JingleParseError,
  read: (jingle: Element) => unknown,
): string | undefined {
  const jingle = el.is('jingle', NS_JINGLE_1) ? el : el.getChild('jingle', NS_JINGLE_1);
  for (const content of jingle?.getChildren('content') ?? []) {
    const alone = new Element('jingle', { xmlns: NS_JINGLE_1 });
    alone.cnode(clone(content));
    try {
      read(alone);
    } catch (e) {
      if (e instanceof JingleParseError && e.message === err.message) return String(content.attrs['name']);
    }
  }
  return undefined;
}
