// The guest WebSocket protocol: small JSON objects with a `type`, exact shapes, every string capped.
// Validators are hand-written so every refusal names the field and the rule (docs/component.md).
import type { ReasonCondition } from '../../jingle/constants.js';
import type { IceServer } from '../../jingle/extdisco.js';
import { MAX_TICKET_LENGTH } from './call-ticket.js';

/** SDP offers from browsers are 3-10 KiB; 64 KiB leaves room for many m-lines and nothing more. */
export const MAX_SDP_BYTES = 64 * 1024;
/** Larger text frames get an error message and a close. JSON escaping of CRLF makes SDP grow. */
export const MAX_MESSAGE_BYTES = 96 * 1024;
/** Hard cap enforced by `ws` itself (it closes with 1009 and no message). */
export const MAX_FRAME_BYTES = 128 * 1024;
export const MAX_NAME_LENGTH = 64;
export const MAX_CANDIDATE_LENGTH = 1024;
export const MAX_MID_LENGTH = 64;
export const MAX_UFRAG_LENGTH = 256;
export const MAX_MLINE_INDEX = 63;
/** Per call, from the guest: a browser gathers a handful; hundreds mean a broken or hostile page. */
export const MAX_GUEST_CANDIDATES = 64;

export interface GuestCandidate {
  /** The SDP `candidate:` attribute; "" is the end-of-candidates marker. */
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment: string | null;
}

export type ClientMessage =
  | { type: 'hello'; name: string }
  | { type: 'offer'; sdp: string }
  | ({ type: 'candidate' } & GuestCandidate)
  | { type: 'hangup' }
  /** On a new socket, after the old one broke in a call: hang up the call `ticket` names (call-ticket.ts). */
  | { type: 'hangup-call'; ticket: string }
  /** On a new socket, after the old one broke in a call: carry on with that call on this socket. */
  | { type: 'resume'; ticket: string };

export const GuestErrorCode = {
  badMessage: 'bad-message',
  tooLarge: 'too-large',
  outOfOrder: 'out-of-order',
  rateLimited: 'rate-limited',
  linkRefused: 'link-refused',
  /** No call and no message for the idle time (GUEST_IDLE_MS): the server closes the socket. */
  idle: 'idle',
  /** `resume` named no call this process has (it restarted, or the call ended meanwhile). */
  unknownCall: 'unknown-call',
} as const;
export type GuestErrorCode = (typeof GuestErrorCode)[keyof typeof GuestErrorCode];

export type ServerMessage =
  /**
   * `iceServers`: STUN/TURN for the guest's RTCPeerConnection (one URL per entry; may be empty).
   * Sent by every bridge component; absent only from a registry built without an ICE source.
   */
  | { type: 'ready'; jid: string; iceServers?: IceServer[] }
  | { type: 'ringing' }
  /** `ticket`: keep it to hang up with `hangup-call` if this socket breaks during the call. */
  | { type: 'answer'; sdp: string; ticket?: string }
  | ({ type: 'candidate' } & GuestCandidate)
  | { type: 'ended'; reason: ReasonCondition; text: string }
  /** `resume` worked: this socket now carries the call (candidates, `ended`). */
  | { type: 'resumed' }
  | { type: 'error'; code: GuestErrorCode; message: string };

export type ParseResult =
  { ok: true; message: ClientMessage } | { ok: false; code: GuestErrorCode; message: string };

const KEYS: Record<ClientMessage['type'], readonly string[]> = {
  hello: ['type', 'name'],
  offer: ['type', 'sdp'],
  candidate: ['type', 'candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment'],
  hangup: ['type'],
  'hangup-call': ['type', 'ticket'],
  resume: ['type', 'ticket'],
};

const bad = (message: string): ParseResult => ({ ok: false, code: 'bad-message', message });
// C0/C1 controls and line separators: a name is shown on one line in XMPP clients.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

export function parseClientMessage(data: string): ParseResult {
  if (Buffer.byteLength(data, 'utf8') > MAX_MESSAGE_BYTES) {
    return { ok: false, code: 'too-large', message: `messages are limited to ${MAX_MESSAGE_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return bad('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('not a JSON object');
  const m = value as Record<string, unknown>;
  const type = m['type'];
  if (typeof type !== 'string' || !Object.hasOwn(KEYS, type)) return bad('unknown or missing "type"');
  const keys = KEYS[type as ClientMessage['type']];
  const extra = Object.keys(m).find((k) => !keys.includes(k));
  if (extra !== undefined) return bad(`unexpected field "${extra}" in ${type}`);
  const missing = keys.find((k) => !Object.hasOwn(m, k));
  if (missing !== undefined) return bad(`missing field "${missing}" in ${type}`);
  switch (type) {
    case 'hello': {
      const name = m['name'];
      if (typeof name !== 'string') return bad('hello.name must be a string');
      const trimmed = name.trim();
      if (trimmed === '') return bad('hello.name must not be empty');
      if ([...trimmed].length > MAX_NAME_LENGTH)
        return bad(`hello.name is limited to ${MAX_NAME_LENGTH} characters`);
      if (CONTROL.test(trimmed)) return bad('hello.name must not contain control characters');
      return { ok: true, message: { type, name: trimmed } };
    }
    case 'offer': {
      const sdp = m['sdp'];
      if (typeof sdp !== 'string') return bad('offer.sdp must be a string');
      if (Buffer.byteLength(sdp, 'utf8') > MAX_SDP_BYTES) {
        return { ok: false, code: 'too-large', message: `offer.sdp is limited to ${MAX_SDP_BYTES} bytes` };
      }
      if (!sdp.startsWith('v=0\r\n') && !sdp.startsWith('v=0\n'))
        return bad('offer.sdp must be an SDP session description');
      return { ok: true, message: { type, sdp } };
    }
    case 'candidate':
      return parseCandidate(m);
    case 'hangup-call':
    case 'resume': {
      const ticket = m['ticket'];
      if (typeof ticket !== 'string' || ticket === '' || ticket.length > MAX_TICKET_LENGTH)
        return bad(`${type}.ticket must be a string of 1-${MAX_TICKET_LENGTH} characters`);
      return { ok: true, message: { type, ticket } };
    }
    default:
      return { ok: true, message: { type: 'hangup' } };
  }
}

function parseCandidate(m: Record<string, unknown>): ParseResult {
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = m;
  if (typeof candidate !== 'string') return bad('candidate.candidate must be a string');
  if (candidate.length > MAX_CANDIDATE_LENGTH)
    return bad(`candidate.candidate is limited to ${MAX_CANDIDATE_LENGTH} characters`);
  if (candidate !== '' && !candidate.startsWith('candidate:'))
    return bad('candidate.candidate must start with "candidate:"');
  if (/[\r\n]/.test(candidate)) return bad('candidate.candidate must be one line');
  if (
    sdpMid !== null &&
    (typeof sdpMid !== 'string' || sdpMid.length > MAX_MID_LENGTH || CONTROL.test(sdpMid))
  ) {
    return bad(`candidate.sdpMid must be null or a string of at most ${MAX_MID_LENGTH} characters`);
  }
  if (
    sdpMLineIndex !== null &&
    (!Number.isInteger(sdpMLineIndex) ||
      (sdpMLineIndex as number) < 0 ||
      (sdpMLineIndex as number) > MAX_MLINE_INDEX)
  ) {
    return bad(`candidate.sdpMLineIndex must be null or an integer 0-${MAX_MLINE_INDEX}`);
  }
  if (sdpMid === null && sdpMLineIndex === null) return bad('candidate needs sdpMid or sdpMLineIndex');
  if (
    usernameFragment !== null &&
    (typeof usernameFragment !== 'string' ||
      usernameFragment.length > MAX_UFRAG_LENGTH ||
      CONTROL.test(usernameFragment))
  ) {
    return bad(
      `candidate.usernameFragment must be null or a string of at most ${MAX_UFRAG_LENGTH} characters`,
    );
  }
  return {
    ok: true,
    message: {
      type: 'candidate',
      candidate,
      sdpMid: sdpMid as string | null,
      sdpMLineIndex: sdpMLineIndex as number | null,
      usernameFragment: usernameFragment as string | null,
    },
  };
}
