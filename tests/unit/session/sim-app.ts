// The simulated application on each side: what a user or browser asks the engine for. Transports carry
// the side's current ICE credentials; restart transports carry a random DTLS setup, as a browser's
// re-offer/answer would (actpass, or a flipped role), which the engine must rewrite (XEP-0320 §4).
import type { Element } from 'ltx';
import type { Intent, Session } from '../../../src/jingle/session/index.js';
import { candidate, content, description, transport, xml } from './helpers.js';
import { answerContents } from './setup.js';

export const WHATS = [
  'accept',
  'terminate',
  'ringing',
  'hold',
  'unhold',
  'mute',
  'candidate',
  'modify',
  'add-video',
  'remove',
  'restart-xep',
  'restart-conv',
] as const;
export type What = (typeof WHATS)[number];

const SENDERS = ['both', 'initiator', 'responder', 'none'] as const;
const SETUPS = ['actpass', 'active', 'passive'] as const;

const at = <T>(list: readonly T[], pick: number): T | undefined => list[pick % Math.max(1, list.length)];
const active = (s: Session) => s.contents.filter((c) => c.status === 'active');
const ufragOf = (s: Session): string =>
  String(s.contents.find((c) => c.local.transport)?.local.transport?.attrs['ufrag'] ?? s.role);

/** Our transports with fresh credentials for every active content (what createOffer/Answer gives). */
function restartContents(s: Session, u: number, pick: number, withCandidates: boolean): Element[] {
  return active(s)
    .filter((c) => c.local.transport !== undefined)
    .map((c) => {
      // XEP-0176 §5.9 style: candidates ride along (the engine stamps the higher generation).
      const cands = withCandidates ? candidate(`r${u}`, 9000 + u) : '';
      return xml(content(c.name, transport(`u${u}`, `p${u}`, cands, at(SETUPS, pick)), c.creator));
    });
}

export function appIntent(s: Session, what: What, pick: number, fresh: () => number): Intent | undefined {
  switch (what) {
    case 'accept':
      return {
        kind: 'accept',
        contents: answerContents().filter((c) => s.contents.some((x) => x.name === c.attrs['name'])),
      };
    case 'terminate':
      return { kind: 'terminate', cause: 'hangup' };
    case 'ringing':
    case 'hold':
    case 'unhold':
      return { kind: 'info', info: { kind: what } };
    case 'mute':
      return { kind: 'info', info: { kind: 'mute', creator: s.role, name: 'a0' } };
    case 'candidate': {
      const c = at(s.contents, pick);
      const n = fresh();
      return c && { kind: 'candidate', content: c.name, candidate: xml(candidate(`f${n}`, 4000 + n)) };
    }
    case 'modify': {
      const c = at(active(s), pick);
      return c && { kind: 'content-modify', name: c.name, senders: at(SENDERS, pick >> 2) ?? 'both' };
    }
    case 'add-video': {
      // Both sides may add at once, under the same name or their own (§7.2.16 glare when unacked).
      if (s.state !== 'active') return undefined;
      const name = pick % 2 === 0 ? 'v1' : `v-${s.role}`;
      const tr = transport(ufragOf(s), 'p', '', 'actpass');
      return { kind: 'content-add', contents: [xml(content(name, description('video') + tr, s.role))] };
    }
    case 'remove': {
      const c = at(active(s), pick);
      return c && { kind: 'content-remove', names: [c.name] };
    }
    case 'restart-xep':
    case 'restart-conv':
      return { kind: 'ice-restart', contents: restartContents(s, fresh(), pick, what === 'restart-xep') };
  }
}

/**
 * What the application answers when the engine waits for it: a restart answer, then added contents;
 * and, when the user picks up (`answerCall`), the incoming call itself.
 */
export function reaction(
  s: Session,
  acceptAdds: boolean,
  fresh: () => number,
  answerCall: boolean,
): Intent | undefined {
  if (answerCall && s.state === 'pending' && s.role === 'responder') return appIntent(s, 'accept', 0, fresh);
  if (s.state !== 'active') return undefined;
  // A WebRTC answer covers every m-line; the engine keeps only those the offer restarted.
  if (s.restart?.by === 'remote')
    return { kind: 'ice-restart-answer', contents: restartContents(s, fresh(), fresh(), false) };
  const added = s.contents.filter((c) => c.status === 'adding-remote');
  if (added.length === 0) return undefined;
  if (!acceptAdds) return { kind: 'content-reject', names: added.map((c) => c.name) };
  // The answerer keeps its DTLS role in the answer: the initiator passive, the responder active.
  const setup = s.role === 'initiator' ? 'passive' : 'active';
  return {
    kind: 'content-accept',
    contents: added.map((c) =>
      xml(content(c.name, description('video') + transport(ufragOf(s), 'p', '', setup), c.creator)),
    ),
  };
}
