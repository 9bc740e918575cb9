// The documented normalizations of the lossless round trip (docs/sdp-mapping.md §Normalizations).
// Applied to both sides of parse(jingleToSdp(sdpToJingle(s))) == parse(s); nothing else differs.
import { parse, type SessionDescription } from 'sdp-transform';

/**
 * Session attributes every m-section inherits; we write them per section. Written out again here on
 * purpose, not imported from toJingle.ts: the round-trip oracle must not share the translator's list.
 */
const INHERITED = [
  'fingerprint',
  'setup',
  'iceUfrag',
  'icePwd',
  'iceOptions',
  'direction',
  'extmapAllowMixed',
] as const;

export function normalizedParse(sdp: string, opts: { dropTcp?: boolean } = {}): SessionDescription {
  const s = parse(sdp) as SessionDescription & Record<string, unknown>;
  // N1: o=, s=, t= are regenerated.
  s.origin = { username: '-', sessionId: 0, sessionVersion: 0, netType: 'IN', ipVer: 4, address: '0.0.0.0' };
  s.name = '-';
  s.timing = { start: 0, stop: 0 };
  // N2: c= is IN IP4 0.0.0.0 in every section, none at session level.
  delete s.connection;
  const bundled = new Set<string>();
  for (const g of s.groups ?? [])
    if (g.type === 'BUNDLE') for (const mid of String(g.mids).split(' ')) bundled.add(mid);
  s.media.forEach((m0, i) => {
    const m = m0 as typeof m0 & Record<string, unknown>;
    // N3: session-level inherited attributes move into each section that lacks them.
    for (const k of INHERITED)
      if (m[k] === undefined && s[k] !== undefined) (m as Record<string, unknown>)[k] = s[k];
    const isRtp = m.type !== 'application' || m.protocol.indexOf('SCTP') < 0;
    // N4: a section without a=mid is named by its index.
    if (m.mid === undefined) m.mid = i as unknown as string;
    // N5: port 9 unless 0; c= and a=rtcp defaults.
    if (Number(m.port) !== 0) m.port = 9;
    m.connection = { version: 4, ip: '0.0.0.0' };
    if (isRtp) m.rtcp = { port: 9, netType: 'IN', ipVer: 4, address: '0.0.0.0' };
    else delete m.rtcp;
    // N6: direction defaults to sendrecv; ice-options to trickle.
    m.direction ??= 'sendrecv';
    m.iceOptions ??= 'trickle';
    // N7: RTP sections always get rtcp-mux; RTCP (component 2) candidates are then dropped, also
    // from BUNDLEd data sections.
    if (isRtp) m.rtcpMux = 'rtcp-mux';
    const muxed = isRtp || bundled.has(String(m.mid));
    // N8: candidate transport lowercased, generation defaults to 0.
    if (m.candidates) {
      m.candidates = m.candidates
        .filter((c) => !(muxed && Number(c.component) === 2))
        .filter((c) => !(opts.dropTcp && c.transport.toLowerCase() !== 'udp'))
        .map((c) => ({ ...c, transport: c.transport.toLowerCase(), generation: c.generation ?? 0 }));
    }
  });
  for (const k of INHERITED) Reflect.deleteProperty(s, k);
  return s;
}
