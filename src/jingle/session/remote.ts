// Handlers for actions received from the peer (XEP-0166 §7.2), after machine.ts checked sender,
// duplicate id, envelope, sid and the ACCEPTS table. Each answers the IQ exactly once.
import { clone } from '../ltx.js';
import { Role } from '../constants.js';
import { NS_JINGLE_DTLS_SCTP_1 } from '../ns.js';
import { remoteDescription } from './build.js';
import { emit, reply, setState, clearTimer, schedule, type Draft } from './draft.js';
import { endSession, endedBy } from './end.js';
import { parseSessionInfo } from './info.js';
import type { ParsedContent, ParsedJingle } from './parse.js';
import { onRemoteContent } from './content-remote.js';
import { adoptRemote, match } from './peer-contents.js';
import { firstSetup, isRestart, onRemoteRestart } from './restart.js';
import { markSeen, releaseBuffered, takeRemoteCandidates } from './trickle.js';
import type { IqInput } from './types.js';

const isData = (c: ParsedContent): boolean =>
  c.transport
    ?.getChildElements()
    .some((e) => e.name === 'sctpmap' && e.attrs['xmlns'] === NS_JINGLE_DTLS_SCTP_1) === true;
const peerRole = (d: Draft): Role => (d.s.role === Role.initiator ? Role.responder : Role.initiator);
const supported = (list: readonly string[], el: { attrs: Record<string, unknown> } | undefined): boolean =>
  el !== undefined && list.includes(String(el.attrs['xmlns']));

export function onRemote(d: Draft, iq: IqInput, j: ParsedJingle): void {
  switch (j.action) {
    case 'session-initiate':
      return onInitiate(d, iq, j);
    case 'session-accept':
      return onAccept(d, iq, j);
    case 'session-terminate':
      // pending|active --session-terminate(received)--> ended
      reply(d, iq.from, iq.id);
      return endedBy(d, j.reason ?? { condition: 'success' }, 'peer');
    case 'session-info': {
      // pending|active --session-info(received)--> same state; empty = ping (§6.8)
      const info = parseSessionInfo(j.payload);
      if (info === 'unsupported') return reply(d, iq.from, iq.id, 'unsupported-info');
      reply(d, iq.from, iq.id);
      if (info !== undefined) emit(d, { type: 'info', info, from: peerRole(d) });
      return;
    }
    case 'description-info':
      reply(d, iq.from, iq.id);
      return emit(d, { type: 'description-info', jingle: clone(iq.jingle) });
    case 'security-info':
      // §9 defines only stubs and RTP secures media with DTLS (XEP-0320): no payload is understood.
      return reply(d, iq.from, iq.id, 'unsupported-info');
    case 'transport-info': {
      const items = match(d, j.contents);
      if (items === undefined || j.contents.length === 0) return reply(d, iq.from, iq.id, 'bad-request');
      if (isRestart(d, items)) return onRemoteRestart(d, iq, items);
      reply(d, iq.from, iq.id);
      return takeRemoteCandidates(d, items);
    }
    default:
      return onRemoteContent(d, iq, j);
  }
}

// idle --session-initiate(received)--> pending
function onInitiate(d: Draft, iq: IqInput, j: ParsedJingle): void {
  // XEP-0166 wants a description in every content; a XEP-0343 data content has none (StanzaJS,
  // lib-jitsi-meet and we send it so: docs/sdp-mapping.md, "The data content").
  if (j.contents.some((c) => c.transport === undefined || (c.description === undefined && !isData(c))))
    return reply(d, iq.from, iq.id, 'bad-request');
  d.s.contents = j.contents.map((p) => ({
    creator: Role.initiator,
    name: p.name,
    senders: p.senders ?? 'both',
    disposition: p.disposition,
    status: 'active',
    local: {},
    remote: {
      ...(p.description ? { description: clone(p.description) } : {}),
      ...(p.transport ? { transport: clone(p.transport) } : {}),
    },
  }));
  if (j.group !== undefined) d.s.remoteGroup = clone(j.group);
  d.s.remoteSetup = firstSetup(j.contents.map((c) => c.transport));
  for (const c of j.contents) markSeen(d, c.name, c.transport);
  d.s.remoteApplied = true;
  d.s.lastHeard = iq.now;
  // §6.3.1: ack first; a refusal is a session-terminate afterwards, never an IQ error.
  reply(d, iq.from, iq.id);
  setState(d, 'pending');
  const { applications, transports } = d.s.options;
  if (!j.contents.some((c) => supported(applications, c.description)))
    return endSession(d, { cause: 'unsupported-media' });
  if (!j.contents.some((c) => supported(transports, c.transport)))
    return endSession(d, { cause: 'no-common-transport' });
  d.effects.push({
    kind: 'remote-description',
    type: 'offer',
    jingle: remoteDescription(d.s, 'session-initiate'),
  });
  emit(d, { type: 'incoming', initiator: iq.from });
  if (d.s.options.acceptTimeoutMs !== undefined)
    schedule(d, 'accept-timeout', iq.now + d.s.options.acceptTimeoutMs);
}

// pending --session-accept(received)--> active
function onAccept(d: Draft, iq: IqInput, j: ParsedJingle): void {
  if (d.s.role !== Role.initiator) return reply(d, iq.from, iq.id, 'out-of-order');
  const items = match(d, j.contents);
  // §7.2.9: at least one content, each with a transport (a description may be missing, Jitsi data).
  if (items === undefined || j.contents.length === 0 || items.some((i) => i.p.transport === undefined))
    return reply(d, iq.from, iq.id, 'bad-request');
  adoptRemote(d, items);
  if (j.group !== undefined) d.s.remoteGroup = clone(j.group);
  d.s.remoteSetup = firstSetup(j.contents.map((c) => c.transport));
  d.s.remoteApplied = true;
  clearTimer(d, 'accept-timeout');
  reply(d, iq.from, iq.id);
  setState(d, 'active');
  d.effects.push({
    kind: 'remote-description',
    type: 'answer',
    jingle: remoteDescription(d.s, 'session-accept'),
  });
  releaseBuffered(d);
}
