// XEP-0353 Jingle Message Initiation v0.8.0: the message model shared by parser, builders and machine.
// Deviations we accept on input (docs/reference/xep-rules.md §11, §17): the v0.4-0.5 namespace `:1`, the v0.3
// `<accept/>`, missing `type`/`<store/>`, bare-JID targets, and Conversations' empty `<description/>`
// where a `<reason/>` belongs.
import type { Reason } from '../reason.js';

/** XEP-0353 §3: the seven elements. `accept` is the v0.3 element, still sent by Conversations and Dino. */
export const JMI_KINDS = ['propose', 'ringing', 'proceed', 'reject', 'retract', 'finish', 'accept'] as const;
export type JmiKind = (typeof JMI_KINDS)[number];
export const isJmiKind = (s: string): s is JmiKind => (JMI_KINDS as readonly string[]).includes(s);

/** XEP-0167 `media` values a call can propose; other media cannot become an RTP call. */
export const JMI_MEDIA = ['audio', 'video'] as const;
export type JmiMedia = (typeof JMI_MEDIA)[number];
export const isJmiMedia = (s: string): s is JmiMedia => (JMI_MEDIA as readonly string[]).includes(s);

/** XEP-0353 §5 (catch-up) and Monal's rule: a propose older than this rings no more; it is a missed call. */
export const STALE_PROPOSE_MS = 60_000;

/** The JMI element itself, independent of who sent it to whom. */
export type JmiPayload =
  | { kind: 'propose'; id: string; media: readonly JmiMedia[] }
  | { kind: 'ringing' | 'proceed' | 'accept'; id: string }
  /** §4.1: `tieBreak` marks a reject/retract caused by simultaneous proposals. */
  | { kind: 'reject' | 'retract'; id: string; reason?: Reason; tieBreak?: true }
  /** §4.2: `migratedTo` names the propose id that replaces an orphaned session. */
  | { kind: 'finish'; id: string; reason?: Reason; migratedTo?: string };

/** How a message reached us: directly, or as an XEP-0280 copy of another resource's traffic. */
export const JMI_ROUTES = ['direct', 'carbon-sent', 'carbon-received'] as const;
export type JmiRoute = (typeof JMI_ROUTES)[number];

/** Who sent it, to whom, and when; `from`/`to` are those of the inner message for carbons. */
export interface JmiEnvelope {
  from: string;
  to: string;
  route: JmiRoute;
  /** Origin time (ms since epoch) from XEP-0203 `<delay/>` or the MAM result, when known. */
  stamp?: number;
}

export type JmiMessage = JmiPayload & JmiEnvelope;

/** What to send: the builders turn it into a `<message/>` (build.ts). */
export interface JmiOutgoing {
  to: string;
  payload: JmiPayload;
}
