// XEP-0166 §7.3 `senders` <-> SDP direction, from the SDP author's point of view
// (docs/reference/xep-rules.md §10.1). `senders` names roles; a direction names "me".
import type { Role, Senders } from '../constants.js';

export const Direction = {
  sendrecv: 'sendrecv',
  sendonly: 'sendonly',
  recvonly: 'recvonly',
  inactive: 'inactive',
} as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

//   SDP (author's view) | author = initiator | author = responder
const TO_SENDERS = {
  sendrecv: { initiator: 'both', responder: 'both' },
  sendonly: { initiator: 'initiator', responder: 'responder' },
  recvonly: { initiator: 'responder', responder: 'initiator' },
  inactive: { initiator: 'none', responder: 'none' },
} as const satisfies Record<Direction, Record<Role, Senders>>;

/** TO_SENDERS read backwards for each author: one table, so the two ways cannot disagree. */
const TO_DIRECTION = invert(TO_SENDERS);

function invert(table: typeof TO_SENDERS): Record<Senders, Record<Role, Direction>> {
  const out: Record<string, Record<string, Direction>> = {};
  for (const [direction, byAuthor] of Object.entries(table) as [Direction, Record<Role, Senders>][]) {
    for (const [author, senders] of Object.entries(byAuthor) as [Role, Senders][]) {
      (out[senders] ??= {})[author] = direction;
    }
  }
  return out as Record<Senders, Record<Role, Direction>>;
}

/** A missing direction is sendrecv (RFC 8866 §6.7). */
export const sendersOf = (dir: string | undefined, author: Role): Senders =>
  (TO_SENDERS[(dir ?? 'sendrecv') as Direction] ?? TO_SENDERS.sendrecv)[author];

/** A missing or unknown `senders` is `both` (XEP-0166 §7.3 default; lenient on lib-jitsi-meet's "rejected"). */
export const directionOf = (senders: string | undefined, author: Role): Direction =>
  (TO_DIRECTION[(senders ?? 'both') as Senders] ?? TO_DIRECTION.both)[author];
