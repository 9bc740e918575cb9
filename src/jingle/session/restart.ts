// ICE restart in both deployed styles (docs/reference/deployed-clients.md §3.17): XEP-0176 §5.9 (new ufrag/pwd + higher
// generation) and Conversations' (a transport-info with new credentials and zero candidates is an
// offer, answered the same way). Both arrive as "transport-info whose ufrag changed", so one detector
// serves both. Glare: §7.2.16 second bullet, the initiator's action wins.
import { clone, type Element } from '../ltx.js';
import { NS_JINGLE_DTLS_0, NS_JINGLE_DTLS_SCTP_1 } from '../ns.js';
import { contentEl, jingleEl, remoteDescription } from './build.js';
import { emit, reply, send, type Draft } from './draft.js';
import type { IqInput } from './types.js';
import type { ParsedContent } from './parse.js';
import { markSeen, transportWith } from './trickle.js';
import type { ContentState } from './types.js';

const opposite = (setup: string | undefined): string => (setup === 'passive' ? 'active' : 'passive');

/**
 * XEP-0320 setup that one side must show in a restart: its original one, so DTLS roles never flip
 * (Conversations rewrites it the same way). An initiator's original actpass stays in offers; in an
 * answer it becomes the role it actually took (§4: a missing answer setup counts as active).
 */
export function restartSetup(
  own: string | undefined,
  other: string | undefined,
  offer: boolean,
): string | undefined {
  if (own === undefined || own !== 'actpass') return own;
  return offer ? 'actpass' : opposite(other);
}

export function withSetup(t: Element, setup: string | undefined): Element {
  const copy = clone(t);
  if (setup === undefined) return copy;
  for (const fp of copy.getChildren('fingerprint', NS_JINGLE_DTLS_0)) fp.attrs['setup'] = setup;
  return copy;
}

/**
 * A restart repeats the ICE credentials, not XEP-0343's <sctpmap>; a data content has no
 * <description>, so without it the content would stop being a data section (docs/sdp-mapping.md).
 */
function keepSctpmap(fresh: Element, c: ContentState): Element {
  const had = c.remote.transport?.getChild('sctpmap', NS_JINGLE_DTLS_SCTP_1);
  if (had !== undefined && fresh.getChild('sctpmap', NS_JINGLE_DTLS_SCTP_1) === undefined)
    fresh.cnode(clone(had));
  return fresh;
}

export const firstSetup = (transports: readonly (Element | undefined)[]): string | undefined => {
  for (const t of transports) {
    const s = t?.getChild('fingerprint', NS_JINGLE_DTLS_0)?.attrs['setup'];
    if (typeof s === 'string') return s;
  }
  return undefined;
};

/** A received transport-info is a restart when a known remote ufrag changes during an active session. */
export function isRestart(d: Draft, items: readonly { c: ContentState; p: ParsedContent }[]): boolean {
  if (d.s.state !== 'active') return false;
  return items.some(({ c, p }) => {
    const known = c.remote.transport?.attrs['ufrag'];
    const got = p.transport?.attrs['ufrag'];
    return typeof known === 'string' && typeof got === 'string' && known !== got;
  });
}

/** The peer's new credentials: an answer to our restart, a glare, or an offer. */
export function onRemoteRestart(
  d: Draft,
  iq: IqInput,
  items: readonly { c: ContentState; p: ParsedContent }[],
): void {
  const ours = d.s.restart?.by === 'local' ? d.s.restart : undefined;
  const oursUnacked = ours !== undefined && d.s.outstanding.some((o) => o.ref === ours.ref);
  // Both sent restart offers (ours not yet acked, so theirs was sent before they saw ours).
  if (oursUnacked && d.s.role === 'initiator') return reply(d, iq.from, iq.id, 'tie-break');
  const isAnswer = ours !== undefined && !oursUnacked;
  // The responder yields: its withdrawn offer's credentials never reached the peer, so its contents
  // go back to the transports the peer knows (a WebRTC rollback); the answer then replaces them.
  if (oursUnacked) rollbackRestart(d, ours);
  reply(d, iq.from, iq.id);
  const setup = restartSetup(d.s.remoteSetup, d.s.localSetup, !isAnswer);
  const fresh = new Map(items.filter(({ p }) => p.transport !== undefined).map(({ c, p }) => [c.name, p]));
  d.s.contents = d.s.contents.map((c) => {
    const p = fresh.get(c.name);
    if (p?.transport === undefined) return c;
    markSeen(d, c.name, p.transport);
    return { ...c, remote: { ...c.remote, transport: keepSctpmap(withSetup(p.transport, setup), c) } };
  });
  d.s.restart = isAnswer ? undefined : { by: 'remote', names: [...fresh.keys()] };
  d.effects.push({
    kind: 'remote-description',
    type: isAnswer ? 'answer' : 'offer',
    jingle: remoteDescription(d.s, 'transport-info'),
  });
  if (!isAnswer) emit(d, { type: 'ice-restart', by: 'remote' });
}

/** Our new credentials, as an offer or as the answer to the peer's restart. */
export function sendRestart(d: Draft, contents: readonly Element[], offer: boolean): void {
  const setup = restartSetup(d.s.localSetup, d.s.remoteSetup, offer);
  const byName = new Map<string, Element>();
  for (const el of contents) {
    const name = el.attrs['name'];
    const t = el.getChildElements().find((x) => x.name === 'transport');
    // An answer covers only the contents the offer restarted (§5.9): credentials for any other content
    // would reach the peer as a new restart offer of its own.
    const offered = offer || d.s.restart?.names === undefined || d.s.restart.names.includes(String(name));
    if (typeof name === 'string' && t !== undefined && offered) byName.set(name, t);
  }
  const rollback = d.s.contents.flatMap((c) =>
    byName.has(c.name) && c.local.transport !== undefined
      ? [{ name: c.name, transport: c.local.transport }]
      : [],
  );
  d.s.localGeneration += 1;
  d.s.localQueue = [];
  const el = jingleEl(d.s, 'transport-info');
  const names: string[] = [];
  d.s.contents = d.s.contents.map((c) => {
    const t = byName.get(c.name);
    if (t === undefined) return c;
    const fixed = withSetup(t, setup);
    for (const cand of fixed.getChildren('candidate')) cand.attrs['generation'] = String(d.s.localGeneration);
    names.push(c.name);
    el.cnode(contentEl(c, [fixed]));
    return {
      ...c,
      local: {
        ...c.local,
        transport: transportWith(
          fixed,
          fixed.getChildElements().filter((x) => x.name !== 'candidate'),
        ),
      },
    };
  });
  if (names.length === 0)
    throw new TypeError('ice-restart: no content of this session carries a <transport>');
  const ref = send(d, el, 'transport-info', names, true);
  d.s.restart = offer ? { by: 'local', ref, names, rollback } : undefined;
  if (offer) emit(d, { type: 'ice-restart', by: 'local' });
}

/**
 * A restart whose contents were all removed (content-remove either way, XEP-0166 §7.2.5) will never be
 * answered: the answerer drops it once it sees the removal. It is over, not pending forever. An answer
 * already in flight names only removed contents, so it is acked and skipped (see match in remote.ts).
 */
export function settleRestart(d: Draft): void {
  const r = d.s.restart;
  const names = r?.names;
  if (names === undefined || d.s.contents.some((c) => names.includes(c.name))) return;
  // Our own offer still unacked keeps it: a peer offer arriving now is a §7.2.16 glare both sides must
  // see alike (the peer yields or wins by it); once acked it is cleared.
  if (r?.by === 'local' && d.s.outstanding.some((o) => o.ref === r.ref)) return;
  d.s.restart = undefined;
}

/** Our withdrawn restart offer never took effect: its contents get back the transports the peer knows. */
export function rollbackRestart(d: Draft, ours: NonNullable<Draft['s']['restart']>): void {
  const back = new Map((ours.rollback ?? []).map((r) => [r.name, r.transport]));
  d.s.contents = d.s.contents.map((c) => {
    const t = back.get(c.name);
    return t === undefined ? c : { ...c, local: { ...c.local, transport: t } };
  });
}
