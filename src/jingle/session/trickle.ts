// XEP-0176 §5.2-§5.4 trickle: candidates in transport-info, each acked. Remote candidates that arrive
// before the adapter has the peer's description are buffered (docs/reference/deployed-clients.md §3.6, Conversations'
// pendingIceCandidates); duplicates (XEP-0198 re-sends) are dropped by candidate identity (§14).
import { clone, Element } from '../ltx.js';
import { contentEl, jingleEl } from './build.js';
import { schedule, send, type Draft } from './draft.js';
import type { ParsedContent } from './parse.js';
import type { ContentState } from './types.js';

const candidateKey = (content: string, c: Element): string =>
  ['foundation', 'component', 'ip', 'port', 'generation']
    .map((a) => String(c.attrs[a] ?? ''))
    .concat(content)
    .join('|');

const candidatesOf = (t: Element | undefined): Element[] => t?.getChildren('candidate') ?? [];

/** A copy of a transport with its attributes and only the given children. */
export function transportWith(t: Element, children: readonly Element[]): Element {
  const copy = new Element(t.name, { ...t.attrs });
  for (const c of children) copy.cnode(clone(c));
  return copy;
}

/** Candidates carried in an offer/answer reach the adapter inside it; remember them as seen. */
export function markSeen(d: Draft, name: string, transport: Element | undefined): void {
  const keys = candidatesOf(transport).map((c) => candidateKey(name, c));
  d.s.seenCandidates = [...d.s.seenCandidates, ...keys.filter((k) => !d.s.seenCandidates.includes(k))];
}

/** New (unseen) candidates of received transport-info contents, delivered now or buffered. */
export function takeRemoteCandidates(
  d: Draft,
  items: readonly { c: ContentState; p: ParsedContent }[],
): void {
  const out: Element[] = [];
  for (const { c, p } of items) {
    if (p.transport === undefined) continue;
    const fresh = candidatesOf(p.transport).filter(
      (cand) => !d.s.seenCandidates.includes(candidateKey(c.name, cand)),
    );
    if (fresh.length === 0) continue;
    markSeen(d, c.name, transportWith(p.transport, fresh));
    out.push(contentEl(c, [transportWith(p.transport, fresh)]));
  }
  if (out.length === 0) return;
  if (d.s.remoteApplied) deliver(d, out);
  else d.s.bufferedRemote = [...d.s.bufferedRemote, ...out];
}

/** After the remote-description effect: what was buffered goes out, in arrival order. */
export function releaseBuffered(d: Draft): void {
  const buffered = d.s.bufferedRemote;
  d.s.bufferedRemote = [];
  if (buffered.length > 0) deliver(d, buffered);
}

function deliver(d: Draft, contents: readonly Element[]): void {
  const el = jingleEl(d.s, 'transport-info');
  for (const c of contents) el.cnode(c);
  d.effects.push({ kind: 'remote-candidates', jingle: el });
}

/**
 * May we send candidates yet? Not before our offer/answer (privacy, XEP-0176 §10.1). Nor while the
 * peer's ICE restart waits for our answer: our transport still carries the credentials the answer
 * replaces (XEP-0176 §5.9), so the answer drops them and candidates follow under the new ufrag.
 */
const canSend = (d: Draft): boolean =>
  d.s.restart?.by !== 'remote' &&
  (d.s.state === 'active' || (d.s.state === 'pending' && d.s.role === 'initiator'));

export function queueLocalCandidate(d: Draft, content: string, candidate: Element, now: number): void {
  d.s.localQueue = [...d.s.localQueue, { content, candidate }];
  if (!canSend(d)) return;
  if (d.s.options.candidateBatchMs <= 0) return flushCandidates(d);
  if (d.s.timers.candidates === undefined) schedule(d, 'candidates', now + d.s.options.candidateBatchMs);
}

/** One transport-info with every queued candidate, grouped per content, stamped with our generation. */
export function flushCandidates(d: Draft): void {
  if (!canSend(d) || d.s.localQueue.length === 0) return;
  const el = jingleEl(d.s, 'transport-info');
  const names: string[] = [];
  for (const c of d.s.contents) {
    const mine = d.s.localQueue.filter((q) => q.content === c.name);
    const t = c.local.transport;
    if (mine.length === 0 || t === undefined) continue;
    const cands = mine.map((q) => {
      const copy = clone(q.candidate);
      copy.attrs['generation'] = String(d.s.localGeneration);
      return copy;
    });
    el.cnode(contentEl(c, [transportWith(t, cands)]));
    names.push(c.name);
  }
  d.s.localQueue = [];
  if (names.length > 0) send(d, el, 'transport-info', names);
}
