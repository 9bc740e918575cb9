// What the user reads: connection errors, call end reasons and call states in plain words.
import type { ChatState, ConnectionState } from '../../src/client/index.js';

const cantReach = (server: string) =>
  `Can't reach the server${server ? ` at ${server}` : ''}. Check the server address and your connection.`;

/**
 * A browser reports a refused port and an untrusted certificate with the same bare WebSocket error
 * (docs/client.md, "Errors"), so with wss:// both are said, with the one way to tell them apart.
 */
function untrustedOrUnreachable(server: string): string {
  let page = '';
  try {
    page = `https://${new URL(server).host}/`;
  } catch {
    // Not a URL: the advice below still holds without the address.
  }
  const open = page ? `open ${page} in a new tab` : "open the server's address in a new tab";
  return (
    `Can't reach the server at ${server}, or its security certificate is not trusted by this browser. ` +
    `Check the server address, then ${open} to see any certificate warning.`
  );
}

export function signInError(error: unknown, server: string): string {
  const e = error as { name?: unknown; code?: unknown; condition?: unknown; message?: unknown } | null;
  if (e?.name === 'TypeError') return 'Enter your address as name@example.org.';
  switch (e?.code) {
    case 'not-authorized':
      return 'Wrong address or password. Check both and try again.';
    case 'auth-failed':
    case 'no-mechanism':
      return 'The server refused to sign you in. Try again later or ask its administrator.';
    case 'unreachable':
      return /^wss:/i.test(server) ? untrustedOrUnreachable(server) : cantReach(server);
    case 'host-meta':
      return cantReach(server);
    case 'tls':
      return "The server's security certificate was not accepted.";
    case 'stream-error':
      return `The server closed the connection (${String(e.condition ?? 'error')}).`;
    default:
      return `Could not sign in: ${typeof e?.message === 'string' ? e.message : String(error)}`;
  }
}

/** Banner text for the connection state; empty when nothing needs saying. */
export function connectionBanner(state: ConnectionState): string {
  switch (state) {
    case 'resuming':
    case 'reconnecting':
      return 'Connection lost. Reconnecting…';
    case 'failed':
      return 'Connection lost. Sign in again to continue.';
    default:
      return '';
  }
}

/** XEP-0166 §7.4 reason conditions as the callee or caller would say them. */
const REASONS: Record<string, string> = {
  success: 'Call ended',
  decline: 'Call declined',
  busy: 'Busy: already in another call',
  cancel: 'Call cancelled',
  timeout: 'No answer',
  gone: 'The other side went away',
  'connectivity-error': 'Connection failed',
  'failed-application': 'The call failed',
  'failed-transport': 'Connection failed',
  'general-error': 'The call failed',
  'media-error': 'Media error',
  'incompatible-parameters': 'The devices could not agree on media',
  'unsupported-applications': 'The other side cannot take this kind of call',
  'unsupported-transports': 'The other side cannot take this kind of call',
  'security-error': 'Security check failed',
  expired: 'The call expired',
};

const PLAIN = new Set(['success', 'decline', 'busy', 'cancel', 'timeout', 'gone', 'expired']);

/**
 * The session engine's text when the peer answered our session-initiate with an IQ error (XEP-0166
 * §6.3.2; src/jingle/session/replies.ts): the other app refused the call before it rang. The stanza
 * error condition (RFC 6120 §8.3.3) in parentheses says why, where it says anything a person can use.
 */
const REFUSED = /^The other party refused the call \(([a-z-]+)\)\.$/;
const REFUSAL_WHY: Record<string, string> = {
  'feature-not-implemented': 'refused the call: it cannot take this kind of call',
  forbidden: 'refused the call: it does not take calls from you',
  'not-allowed': 'refused the call: it does not take calls from you',
  'not-authorized': 'refused the call: it does not take calls from you',
  'resource-constraint': 'refused the call: it is too busy right now',
  // RFC 6121 §8.5.3.2.3: the server answers so for an IQ to a device that went offline, too.
  'service-unavailable': 'could not take the call: it went offline or cannot take this kind of call',
};

function refusal(text: string | undefined, peerName: string): string | undefined {
  const condition = text === undefined ? undefined : REFUSED.exec(text)?.[1];
  if (condition === undefined) return undefined;
  return `${peerName}'s app ${REFUSAL_WHY[condition] ?? 'refused the call'}`;
}

export function endReasonText(
  end: { condition?: string; text?: string; by?: string; outcome?: string } | undefined,
  peerName: string,
): string {
  if (end?.outcome === 'declined-elsewhere') return 'Declined on another device';
  if (end?.by === 'other-device' || end?.outcome === 'answered-elsewhere')
    return 'Answered on another device';
  if (end?.condition === 'success' && end.by === 'local') return 'You hung up';
  if (end?.condition === 'success' && end.by === 'peer') return `${peerName} hung up`;
  if (end?.condition === 'cancel' && end.by === 'peer') return `${peerName} cancelled the call`;
  const refused = end?.by === 'error' ? refusal(end.text, peerName) : undefined;
  if (refused !== undefined) return refused;
  // Our own side ended it for a reason its text names better than "went away": the peer's device went
  // offline, or the peer ended the call while we were reconnecting (src/client/outage/reconcile-calls.ts).
  if (end?.condition === 'gone' && end.by === 'error' && end.text) return end.text.replace(/\.$/, '');
  const base = (end?.condition && REASONS[end.condition]) || 'Call ended';
  // Every reason carries a <text/> (interop.md §5.5); it only adds something to failures.
  return end?.text && !PLAIN.has(end.condition ?? '') ? `${base}: ${end.text}` : base;
}

/** The note above the in-call chat; empty once it is open. */
export function chatWords(state: ChatState, name: string): string {
  switch (state) {
    case 'pending':
      return 'Connecting the chat…';
    case 'open':
      return '';
    case 'unavailable':
      return `Chat isn't available in this call: ${name} uses an app without in-call chat.`;
    case 'closed':
      return 'The chat has closed.';
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Call quality from round-trip time (s) and loss (0..1); thresholds after ITU-T G.114's 150 ms. */
export function quality(
  rtt: number | undefined,
  loss: number,
): { level: 'good' | 'fair' | 'poor'; text: string } {
  if (loss > 0.05 || (rtt !== undefined && rtt > 0.4)) return { level: 'poor', text: 'Poor connection' };
  if (loss > 0.01 || (rtt !== undefined && rtt > 0.15)) return { level: 'fair', text: 'Fair connection' };
  return { level: 'good', text: 'Good connection' };
}

export const SHOW_WORDS: Record<string, string> = {
  available: 'Available',
  chat: 'Free to chat',
  away: 'Away',
  xa: 'Away for a while',
  dnd: 'Do not disturb',
};
