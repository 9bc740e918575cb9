// XEP-0167 Jingle RTP Sessions v1.2.3: <description media> with payload types, bandwidth,
// rtcp-mux and SDES encryption (§4, §6, §7).
//   m=audio 9 … 111 0          <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'> payload-types in m-line order
//   a=rtpmap:111 opus/48000/2  <payload-type id='111' name='opus' clockrate='48000' channels='2'>
//   a=fmtp:111 minptime=10     <parameter name='minptime' value='10'/>  (value-only "0-15": name='')
//   a=ptime:20 / a=maxptime:60 payload-type@ptime / @maxptime on every payload type (written back when all agree)
//   b=AS:500                   <bandwidth type='AS'>500</bandwidth>  (one per description; more go to ours)
//   a=rtcp-mux                 <rtcp-mux/>
//   a=crypto:1 SUITE KEY [S]   <encryption><crypto tag='1' crypto-suite key-params [session-params]/></encryption>
// Deviations accepted (docs/reference/xep-rules.md §17): nameless <parameter> (lib-jitsi-meet), maxptime on
// <description> (Jitsi), <rtcp-mux/> without namespace, children in any order.
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import type { Section } from './section.js';
import { feedbackToSdp } from './xep0293.js';
import { WORD, fmtpPart, matches, regName, text, token, uint, U32 } from './validate.js';

/** RFC 3551 §6 statically assigned payload types. */
const STATIC_PT = new Set([
  0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 25, 26, 28, 31, 32, 33, 34,
]);
const BANDWIDTH_TYPES = new Set(['AS', 'TIAS', 'CT', 'RR', 'RS']);

/** Builds the <payload-type>s; returns them by id for the rtcp-fb rows (XEP-0293). */
export function payloadTypesToXml(
  m: MediaDescription,
  desc: Element,
  orphan: (body: string) => void,
): Map<string, Element> {
  const pts = new Map<string, Element>();
  for (const p of String(m.payloads ?? '').split(' ')) {
    if (p === '' || pts.has(p)) continue;
    const pt = desc.c('payload-type', { id: p });
    pts.set(p, pt);
    if (m.ptime !== undefined) pt.attrs['ptime'] = String(m.ptime);
    if (m.maxptime !== undefined) pt.attrs['maxptime'] = String(m.maxptime);
  }
  for (const r of m.rtp ?? []) {
    const pt = pts.get(String(r.payload));
    // An rtpmap without clock rate is invalid SDP (RFC 8866 §6.6) that Chromium rejects whole; it
    // travels verbatim in ours instead of becoming a half <payload-type>.
    if (pt === undefined || pt.attrs['name'] !== undefined || r.rate === undefined) {
      const rate = r.rate !== undefined ? `/${r.rate}` : '';
      orphan(`rtpmap:${r.payload} ${r.codec}${rate}${r.encoding !== undefined ? `/${r.encoding}` : ''}`);
      continue;
    }
    pt.attrs['name'] = String(r.codec);
    if (r.rate !== undefined) pt.attrs['clockrate'] = String(r.rate);
    if (r.encoding !== undefined) pt.attrs['channels'] = String(r.encoding);
  }
  for (const f of m.fmtp ?? []) {
    const pt = pts.get(String(f.payload));
    if (pt === undefined || pt.getChild('parameter') !== undefined) {
      orphan(`fmtp:${f.payload} ${f.config}`);
      continue;
    }
    // Empty items (a leading ';' in some Chrome captures) stay as empty parameters so the config
    // round-trips; whitespace around items is dropped (normalization N9).
    for (const item of String(f.config).split(';')) {
      const kv = item.trim();
      const eq = kv.indexOf('=');
      if (eq < 0) pt.c('parameter', { name: '', value: kv });
      else pt.c('parameter', { name: kv.slice(0, eq), value: kv.slice(eq + 1) });
    }
  }
  return pts;
}

export function rtcpMuxToXml(m: MediaDescription, desc: Element): void {
  if (m.rtcpMux !== undefined) desc.c('rtcp-mux');
}

export function cryptoToXml(m: MediaDescription, desc: Element): void {
  if (m.crypto === undefined || m.crypto.length === 0) return;
  const enc = desc.c('encryption');
  for (const c of m.crypto) {
    const a: Record<string, string> = {
      tag: String(c.id),
      'crypto-suite': String(c.suite),
      'key-params': String(c.config),
    };
    if (c.sessionConfig !== undefined) a['session-params'] = String(c.sessionConfig);
    enc.c('crypto', a);
  }
}

/** b=AS:2000 <-> <bandwidth type='AS'>2000</bandwidth>; XEP-0167 allows one, the rest go to ours. */
export function bandwidthsToXml(
  m: MediaDescription,
  desc: Element | undefined,
  isData: boolean,
  ours: () => Element,
): void {
  (m.bandwidth ?? []).forEach((b, i) => {
    if (i === 0 && !isData && desc !== undefined) desc.c('bandwidth', { type: b.type }).t(String(b.limit));
    else ours().c('bandwidth', { type: b.type, value: String(b.limit) });
  });
}

export function payloadTypeToSdp(pt: Element, sec: Section): void {
  const a = pt.attrs as Record<string, unknown>;
  const id = uint(a['id'], 'payload-type@id', 0, 127);
  // Checked even where no rtpmap is written: a name that could change an SDP line is never valid.
  const name = a['name'] === undefined ? undefined : regName(a['name'], 'payload-type@name');
  // A non-static type without name and clock rate cannot be described (XEP-0167 §4: name is
  // REQUIRED for them) and Chromium refuses the whole SDP over it: it is left out.
  if (!STATIC_PT.has(id) && (name === undefined || a['clockrate'] === undefined)) return;
  sec.fmts.push(String(id));
  // rtpmap needs a clock rate (RFC 8866 §6.6) and Chromium rejects the whole SDP without one: a
  // payload type named without it (XEP-0167 §6 "CN", XEP-0293 example 5) is written without rtpmap.
  if (name !== undefined && a['clockrate'] !== undefined) {
    let map = `a=rtpmap:${id} ${name}/${uint(a['clockrate'], 'payload-type@clockrate', 1, U32)}`;
    if (a['channels'] !== undefined) map += `/${uint(a['channels'], 'payload-type@channels', 1, 255)}`;
    sec.rtp.push(map);
  }
  sec.ptimes.push(
    a['ptime'] === undefined ? undefined : String(uint(a['ptime'], 'payload-type@ptime', 0, U32)),
  );
  const max = a['maxptime'];
  sec.maxptimes.push(max === undefined ? undefined : String(uint(max, 'payload-type@maxptime', 0, U32)));
  const params: string[] = [];
  for (const c of pt.getChildElements()) {
    if (c.name === 'parameter') {
      const n = c.attrs['name'];
      const v = c.attrs['value'];
      const name = n === undefined || n === '' ? '' : fmtpPart(String(n), 'parameter@name', false);
      const value = v === undefined || v === '' ? '' : fmtpPart(String(v), 'parameter@value', true);
      // No value at all is StanzaJS's value-only form (`<parameter name='111/111'/>` for red's
      // a=fmtp:63 111/111); an empty value stays `name=` (XEP-0167 §4 requires the attribute).
      params.push(name === '' ? value : v === undefined ? name : `${name}=${value}`);
    } else if (c.name === 'rtcp-fb' || c.name === 'rtcp-fb-trr-int') {
      sec.rtp.push(`a=rtcp-fb:${id}${feedbackToSdp(c)}`);
      sec.hasRtcpFb = true;
    }
  }
  const config = params.join(';');
  if (config.replaceAll(';', '') !== '') sec.rtp.push(`a=fmtp:${id} ${config}`);
}

export function bandwidthToSdp(el: Element, sec: Section): void {
  const type = String(el.attrs['type']);
  // Unknown modifiers have no SDP grammar here (RFC 8866 §5.8 bwtype); they are left out.
  if (BANDWIDTH_TYPES.has(type))
    sec.bandwidth.push(`b=${type}:${uint(el.getText().trim(), 'bandwidth', 0, U32)}`);
}

export function encryptionToSdp(el: Element, sec: Section): void {
  for (const c of el.getChildElements()) {
    if (c.name !== 'crypto') continue;
    const a = c.attrs as Record<string, unknown>;
    const tag = uint(a['tag'], 'crypto@tag', 0, 999999999);
    const suite = matches(a['crypto-suite'], WORD, 'crypto@crypto-suite');
    let line = `a=crypto:${tag} ${suite} ${token(a['key-params'], 'crypto@key-params')}`;
    if (a['session-params'] !== undefined) line += ` ${text(a['session-params'], 'crypto@session-params')}`;
    sec.attrs.push(line);
    sec.hasCrypto = true;
  }
}

/** XEP-0167 puts ptime per payload type; SDP has one per m-line, written when all agree (§10). */
export function agreed(values: (string | undefined)[]): string | undefined {
  const first = values[0];
  if (first === undefined) return undefined;
  for (const v of values) if (v !== first) return undefined;
  return first;
}
