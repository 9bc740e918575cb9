// The peer's contents matched to ours by name (XEP-0166 §7.2), and the peer's answer kept as their
// remote side. Shared by the session-level handlers (remote.ts) and the content-* ones
// (content-remote.ts), which is why it lives apart from both.
import { clone } from '../ltx.js';
import type { ParsedContent } from './parse.js';
import { markSeen } from './trickle.js';
import type { ContentState } from './types.js';
import type { Draft } from './draft.js';

export type Item = { c: ContentState; p: ParsedContent };

/**
 * Contents are identified by name; a wrong creator is tolerated (§17, Siskin/Jitsi session-accept).
 * undefined when a name is unknown. A content we removed or rejected while that IQ is still unacked
 * is skipped, not unknown: the peer sent this before it saw ours (XMPP keeps order, so the race
 * window is exactly "ours unacked"), e.g. a session-accept or transport-info crossing our
 * content-remove (§7.2.5). Likewise a content of the peer's content-add that lost a §7.2.16 glare:
 * the peer may have trickled for it before our tie-break reached it. Callers answer such IQs normally.
 */
export function match(d: Draft, contents: readonly ParsedContent[]): Item[] | undefined {
  const items: Item[] = [];
  const withdrawn = d.s.outstanding.flatMap((o) =>
    o.action === 'content-remove' || o.action === 'content-reject' ? o.names : [],
  );
  for (const p of contents) {
    // Withdrawn first: if we already re-added a content under that name, this IQ still means the old one.
    if (withdrawn.includes(p.name)) continue;
    const c =
      d.s.contents.find((x) => x.name === p.name && (p.creator === undefined || x.creator === p.creator)) ??
      d.s.contents.find((x) => x.name === p.name);
    if (c !== undefined) items.push({ c, p });
    else if (!d.s.refusedAdds.includes(p.name)) return undefined;
  }
  return items;
}

/**
 * The peer's answer for these contents (session-accept §7.2.10, content-accept §7.2.2): keep its
 * description and transport as the contents' remote side; the candidates in it count as seen.
 */
export function adoptRemote(d: Draft, items: readonly Item[], status?: 'active'): void {
  const byName = new Map(items.map((i) => [i.c.name, i.p]));
  d.s.contents = d.s.contents.map((c) => {
    const p = byName.get(c.name);
    if (p === undefined) return c;
    markSeen(d, c.name, p.transport);
    const remote = {
      ...(p.transport ? { transport: clone(p.transport) } : {}),
      ...(p.description ? { description: clone(p.description) } : {}),
    };
    return { ...c, ...(status ? { status } : {}), remote };
  });
}
