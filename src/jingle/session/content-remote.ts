// Received content-* and transport-replace family (XEP-0166 §7.2.1-§7.2.6, §7.2.14-§7.2.15). None of
// them changes the session state: pending|active --content-*(received)--> same state.
import { clone } from '../ltx.js';
import { Role } from '../constants.js';
import { contentEl, jingleEl, remoteDescription } from './build.js';
import { emit, reply, send, type Draft } from './draft.js';
import { endSession } from './end.js';
import type { ParsedJingle } from './parse.js';
import { adoptRemote, match } from './peer-contents.js';
import { markSeen } from './trickle.js';
import type { IqInput } from './types.js';

/** How many refused content names to remember; a call adds a handful of contents at most. */
const REFUSED_MEMORY = 16;

export function onRemoteContent(d: Draft, iq: IqInput, j: ParsedJingle): void {
  const names = j.contents.map((c) => c.name);
  switch (j.action) {
    case 'content-add': {
      if (names.length === 0 || j.contents.some((c) => c.transport === undefined)) break;
      // §7.2.16 second bullet: simultaneous content-add, the initiator's wins. It is simultaneous only
      // while our content-add is unacked: once acked, the peer saw ours before sending this one, and
      // both additions stand (ours still waits for content-accept).
      const ours = d.s.contents.filter(
        (c) =>
          c.status === 'adding-local' &&
          d.s.outstanding.some((o) => o.action === 'content-add' && o.names.includes(c.name)),
      );
      const oursNames = ours.map((c) => c.name);
      if (d.s.contents.some((c) => names.includes(c.name) && !oursNames.includes(c.name))) break;
      if (ours.length > 0 && d.s.role === Role.initiator) {
        d.s.refusedAdds = [...d.s.refusedAdds, ...names].slice(-REFUSED_MEMORY);
        return reply(d, iq.from, iq.id, 'tie-break');
      }
      if (ours.length > 0) {
        d.s.contents = d.s.contents.filter((c) => !oursNames.includes(c.name));
        emit(d, { type: 'content-rejected', names: oursNames });
      }
      const peer = d.s.role === Role.initiator ? Role.responder : Role.initiator;
      d.s.contents = [
        ...d.s.contents,
        ...j.contents.map((p) => {
          markSeen(d, p.name, p.transport);
          const remote = {
            ...(p.transport ? { transport: clone(p.transport) } : {}),
            ...(p.description ? { description: clone(p.description) } : {}),
          };
          return {
            creator: p.creator ?? peer,
            name: p.name,
            senders: p.senders ?? 'both',
            disposition: p.disposition,
            status: 'adding-remote' as const,
            local: {},
            remote,
          };
        }),
      ];
      if (j.group !== undefined) d.s.remoteGroup = clone(j.group);
      reply(d, iq.from, iq.id);
      d.effects.push({
        kind: 'remote-description',
        type: 'offer',
        jingle: remoteDescription(d.s, 'content-add'),
      });
      return emit(d, { type: 'content-add', names });
    }
    case 'content-accept':
    case 'content-reject': {
      // Only for contents we proposed (docs/reference/xep-rules.md §1.3, impl): otherwise out-of-order.
      const items = match(d, j.contents);
      if (items === undefined || items.length === 0 || items.some((i) => i.c.status !== 'adding-local'))
        return reply(d, iq.from, iq.id, 'out-of-order');
      reply(d, iq.from, iq.id);
      d.s.outstanding = d.s.outstanding.filter(
        (o) => o.action !== 'content-add' || !o.names.some((n) => names.includes(n)),
      );
      if (j.action === 'content-reject') {
        d.s.contents = d.s.contents.filter((c) => !names.includes(c.name));
        return emit(d, { type: 'content-rejected', names, ...(j.reason ? { reason: j.reason } : {}) });
      }
      adoptRemote(d, items, 'active');
      if (j.group !== undefined) d.s.remoteGroup = clone(j.group);
      d.effects.push({
        kind: 'remote-description',
        type: 'answer',
        jingle: remoteDescription(d.s, 'content-accept'),
      });
      return emit(d, { type: 'content-accepted', names });
    }
    case 'content-remove': {
      // Both removing the same content at once: theirs names one we already dropped (see match).
      const items = match(d, j.contents);
      if (names.length === 0 || items === undefined) break;
      reply(d, iq.from, iq.id);
      if (items.length === 0) return;
      const gone = items.map((i) => i.c.name);
      d.s.contents = d.s.contents.filter((c) => !gone.includes(c.name));
      emit(d, { type: 'content-removed', names: gone, ...(j.reason ? { reason: j.reason } : {}) });
      // §7.2.5: with no content left, the session SHOULD be terminated.
      if (d.s.contents.length === 0) endSession(d, { cause: 'no-contents' });
      return;
    }
    case 'content-modify': {
      // §7.2.4: senders is REQUIRED; the receiver never answers content-accept.
      const items = match(d, j.contents);
      if (items === undefined || names.length === 0 || j.contents.some((p) => p.senders === undefined)) break;
      // §7.2.16 second bullet: both modified the same content at once (ours still unacked, so they
      // sent theirs before seeing ours); the initiator's wins, the responder just applies it.
      const glare = d.s.outstanding.some(
        (o) => o.action === 'content-modify' && o.names.some((n) => names.includes(n)),
      );
      if (glare && d.s.role === Role.initiator) return reply(d, iq.from, iq.id, 'tie-break');
      reply(d, iq.from, iq.id);
      const next = new Map(items.flatMap((i) => (i.p.senders ? [[i.c.name, i.p.senders] as const] : [])));
      d.s.contents = d.s.contents.map((c) => ({ ...c, senders: next.get(c.name) ?? c.senders }));
      for (const [name, senders] of next) emit(d, { type: 'senders', name, senders });
      return;
    }
    case 'transport-replace': {
      // §7.2.15: MUST answer transport-accept or -reject. WebRTC speaks only ICE-UDP, so we reject and
      // keep the current transport (the §6 raw-udp fallback has no SDP counterpart).
      const items = match(d, j.contents);
      if (items === undefined || names.length === 0) break;
      reply(d, iq.from, iq.id);
      if (items.length === 0) return;
      emit(d, { type: 'transport-replace', names });
      const el = jingleEl(d.s, 'transport-reject');
      for (const { c } of items) el.cnode(contentEl(c, [c.local.transport]));
      send(d, el, 'transport-reject', names);
      return;
    }
    default:
      // transport-accept/-reject: we never send transport-replace.
      return reply(d, iq.from, iq.id, 'out-of-order');
  }
  reply(d, iq.from, iq.id, 'bad-request');
}
