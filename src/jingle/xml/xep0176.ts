// XEP-0176 Jingle ICE-UDP Transport Method v1.1.1: <transport ufrag pwd> with <candidate/>s and
// <remote-candidate/>. Deviations handled (docs/reference/xep-rules.md §3, §17): old `ice-udp:0`
// namespace accepted; ids are not NCNames in practice; tcp candidates carry Jitsi's `tcptype`;
// priorities above 2^32-1 are clamped (validate.ts); SDP `network-id` <-> XEP `network`
// (both are "which interface", XEP-0176 §4); `network-cost` in our namespace as `jb:network-cost`.
import { Element } from '../ltx.js';
import { NS_JINGLE_BRIDGE_SDP_0, NS_JINGLE_ICE_UDP_0, NS_JINGLE_ICE_UDP_1 } from '../ns.js';
import { priority, token, uint, U32 } from './validate.js';

// Transport-level rows (the candidate row is below):
//   a=ice-ufrag:x a=ice-pwd:y          <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='x' pwd='y'>
//   a=ice-options:trickle renomination <trickle/><renomination/> in Conversations' namespace (NS_GULTSCH_ICE_OPTION)
//   a=remote-candidates:1 1.2.3.4 5000 <remote-candidate component='1' ip='1.2.3.4' port='5000'/>

/** ICE-UDP :1, the old :0 of XEP-0167 examples 43/47/48, or inherited. raw-udp and stubs do not map. */
export const isIceTransport = (tr: Element): boolean => {
  const ns = tr.attrs['xmlns'];
  return ns === undefined || ns === NS_JINGLE_ICE_UDP_1 || ns === NS_JINGLE_ICE_UDP_0;
};

/** sdp-transform's candidate shape (a=candidate, RFC 8839 §5.1 + Chrome extensions). */
export interface SdpCandidate {
  foundation: string | number;
  component: string | number;
  transport: string;
  priority: string | number;
  ip: string;
  port: string | number;
  type: string;
  raddr?: string;
  rport?: string | number;
  tcptype?: string;
  generation?: string | number;
  'network-id'?: string | number;
  'network-cost'?: string | number;
}

/** FNV-1a: candidate ids are a pure function of the candidate, so re-sends dedupe (XEP-0176 §4). */
export function candidateId(mid: string, c: SdpCandidate): string {
  const s = `${mid}|${c.foundation}|${c.component}|${c.transport}|${c.ip}|${c.port}|${c.generation ?? 0}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return `c${(h >>> 0).toString(16).padStart(8, '0')}`;
}

// a=candidate:1 1 UDP 2113937151 10.0.0.1 54400 typ srflx raddr 10.0.0.2 rport 9 generation 0 network-id 1
// <candidate foundation='1' component='1' protocol='udp' priority='2113937151' ip='10.0.0.1'
//   port='54400' type='srflx' rel-addr='10.0.0.2' rel-port='9' generation='0' network='1' id='c…'/>
export function candidateToXml(c: SdpCandidate, id: string): Element {
  const attrs: Record<string, string> = {
    foundation: String(c.foundation),
    component: String(c.component),
    protocol: String(c.transport).toLowerCase(),
    priority: String(c.priority),
    ip: String(c.ip),
    port: String(c.port),
    type: String(c.type),
    generation: String(c.generation ?? 0),
    id,
  };
  if (c.raddr !== undefined) attrs['rel-addr'] = String(c.raddr);
  if (c.rport !== undefined) attrs['rel-port'] = String(c.rport);
  if (c.tcptype !== undefined) attrs['tcptype'] = String(c.tcptype);
  if (c['network-id'] !== undefined) attrs['network'] = String(c['network-id']);
  if (c['network-cost'] !== undefined) {
    attrs['xmlns:jb'] = NS_JINGLE_BRIDGE_SDP_0;
    attrs['jb:network-cost'] = String(c['network-cost']);
  }
  return new Element('candidate', attrs);
}

/** Parses `candidate:…` (the RTCIceCandidate.candidate string) into sdp-transform's shape. */
export function parseCandidateLine(line: string): SdpCandidate | undefined {
  const body = line.startsWith('a=') ? line.slice(2) : line;
  if (!body.startsWith('candidate:')) return undefined;
  const t = body.slice(10).trim().split(/\s+/);
  if (t.length < 8 || t[6] !== 'typ') return undefined;
  const c: SdpCandidate = {
    foundation: t[0] ?? '',
    component: t[1] ?? '',
    transport: t[2] ?? '',
    priority: t[3] ?? '',
    ip: t[4] ?? '',
    port: t[5] ?? '',
    type: t[7] ?? '',
  };
  for (let i = 8; i + 1 < t.length; i += 2) {
    const k = t[i];
    const v = t[i + 1] ?? '';
    if (k === 'raddr') c.raddr = v;
    else if (k === 'rport') c.rport = v;
    else if (k === 'tcptype') c.tcptype = v;
    else if (k === 'generation') c.generation = v;
    else if (k === 'network-id') c['network-id'] = v;
    else if (k === 'network-cost') c['network-cost'] = v;
  }
  return c;
}

/**
 * <candidate/> -> `candidate:…` body, every value checked (docs/reference/deployed-clients.md §3.21). Returns undefined for
 * a tcp candidate without tcptype: RFC 6544 §4.5 requires it, and Gajim sends such candidates.
 */
export function candidateToSdp(el: Element): string | undefined {
  const a = el.attrs as Record<string, unknown>;
  const protocol = token(a['protocol'], 'candidate@protocol').toLowerCase();
  const tcptype = a['tcptype'];
  if (protocol === 'tcp' && tcptype === undefined) return undefined;
  let s =
    `candidate:${token(a['foundation'], 'candidate@foundation')}` +
    ` ${uint(a['component'], 'candidate@component', 1, 255)} ${protocol}` +
    ` ${priority(a['priority'], 'candidate@priority')} ${token(a['ip'], 'candidate@ip')}` +
    ` ${uint(a['port'], 'candidate@port', 0, 65535)} typ ${token(a['type'], 'candidate@type')}`;
  const raddr = a['rel-addr'];
  const rport = a['rel-port'];
  if (raddr !== undefined || rport !== undefined) {
    s += ` raddr ${token(raddr ?? '0.0.0.0', 'candidate@rel-addr')} rport ${uint(rport ?? '0', 'candidate@rel-port', 0, 65535)}`;
  }
  if (tcptype !== undefined) s += ` tcptype ${token(tcptype, 'candidate@tcptype')}`;
  s += ` generation ${uint(a['generation'] ?? '0', 'candidate@generation', 0, 255)}`;
  if (a['network'] !== undefined) s += ` network-id ${uint(a['network'], 'candidate@network', 0, U32)}`;
  const cost = a['jb:network-cost'];
  if (cost !== undefined) s += ` network-cost ${uint(cost, 'candidate@network-cost', 0, U32)}`;
  return s;
}

// a=remote-candidates:1 10.0.0.1 5000 2 10.0.0.1 5001  <->  <remote-candidate component ip port/>…
export function remoteCandidatesToXml(value: string, tr: Element): void {
  const t = value.trim().split(/\s+/);
  for (let i = 0; i + 2 < t.length; i += 3) {
    tr.c('remote-candidate', { component: t[i], ip: t[i + 1], port: t[i + 2] });
  }
}

export function remoteCandidateToSdp(el: Element): string {
  const a = el.attrs as Record<string, unknown>;
  return `${uint(a['component'], 'remote-candidate@component', 1, 255)} ${token(a['ip'], 'remote-candidate@ip')} ${uint(a['port'], 'remote-candidate@port', 0, 65535)}`;
}
