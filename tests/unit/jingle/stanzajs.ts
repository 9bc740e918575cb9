// StanzaJS 12.22.1's own Jingle <-> SDP converter (node_modules/stanza, a devDependency), driven the
// way its MediaSession drives it: XML is read and written by StanzaJS's jxt registry with its full
// protocol, SDP goes through jingle/sdp/Intermediate.js and jingle/sdp/Protocol.js. Tests use it as
// an independent peer's view of what we send and as the source of its exact stanza shapes.
import { Constants, JXT, Stanzas } from 'stanza';
import { exportToSDP, importFromSDP } from 'stanza/jingle/sdp/Intermediate.js';
import { convertIntermediateToRequest, convertRequestToIntermediate } from 'stanza/jingle/sdp/Protocol.js';

type Jingle = Stanzas.Jingle;
type JingleSessionRole = Constants.JingleSessionRole;
const { JingleSessionRole } = Constants;

const NS_ICE_UDP_1 = 'urn:xmpp:jingle:transports:ice-udp:1';

let registry: JXT.Registry | undefined;
const reg = (): JXT.Registry => {
  if (registry === undefined) {
    registry = new JXT.Registry();
    registry.define(Stanzas.default);
  }
  return registry;
};

const roleOf = (role: 'initiator' | 'responder'): JingleSessionRole =>
  role === 'initiator' ? JingleSessionRole.Initiator : JingleSessionRole.Responder;

/** What StanzaJS hands its RTCPeerConnection for a received `<iq><jingle/></iq>` sent by `role`. */
export function stanzaJingleToSdp(iqXml: string, role: 'initiator' | 'responder'): string {
  const iq = reg().import(JXT.parse(iqXml)) as { jingle?: Jingle } | undefined;
  if (iq?.jingle === undefined) throw new Error('StanzaJS found no <jingle> in the stanza');
  return exportToSDP(convertRequestToIntermediate(iq.jingle, roleOf(role)));
}

/**
 * The `<iq>` StanzaJS's MediaSession sends for a local SDP (its accept(): importFromSDP,
 * convertIntermediateToRequest, every content creator='initiator', then the jxt export).
 */
export function stanzaSdpToIq(
  sdp: string,
  role: 'initiator' | 'responder',
  attrs: { action: 'session-initiate' | 'session-accept'; sid: string; id: string; from: string; to: string },
): string {
  const request = convertIntermediateToRequest(importFromSDP(sdp), roleOf(role), NS_ICE_UDP_1);
  for (const c of request.contents ?? []) c.creator = JingleSessionRole.Initiator;
  const jingle = { ...request, action: attrs.action, sid: attrs.sid } as Jingle;
  const iq = { type: 'set', id: attrs.id, from: attrs.from, to: attrs.to, jingle };
  return reg().export('iq', iq)?.toString() ?? '';
}
