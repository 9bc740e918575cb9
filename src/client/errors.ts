// Errors the client raises to its user. Three kinds are kept apart
// (docs/reference/house-style.md §11.2.7):
// API misuse (TypeError / InvalidStateError), connection failures (ClientError with a `code`),
// and stanza errors from peers, which arrive as @xmpp/middleware's StanzaError and are passed through.

/** Why connecting or staying connected failed. Values are stable API: the web app switches on them. */
export const CLIENT_ERROR_CODES = {
  /** SASL <failure><not-authorized/> (RFC 6120 §6.5): wrong user or password. */
  notAuthorized: 'not-authorized',
  /** Any other SASL failure, or a server whose SCRAM signature does not verify (RFC 5802 §5.1 `v=`). */
  authFailed: 'auth-failed',
  /** No compatible SASL mechanism offered (e.g. PLAIN refused and no SCRAM). */
  noMechanism: 'no-mechanism',
  /** The socket could not be opened or closed before the stream was up. */
  unreachable: 'unreachable',
  /** TLS handshake or certificate failure, where the runtime says so (Node does, browsers do not). */
  tls: 'tls',
  /** The server sent <stream:error/> (RFC 6120 §4.9). `condition` carries its name. */
  streamError: 'stream-error',
  /** XEP-0156 discovery found no WebSocket endpoint. */
  hostMeta: 'host-meta',
  /** Resource binding failed (RFC 6120 §7). */
  bind: 'bind',
  /** Reconnecting gave up after the configured attempts. */
  reconnectExhausted: 'reconnect-exhausted',
} as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

export class ClientError extends Error {
  override readonly name = 'ClientError';
  readonly code: ClientErrorCode;
  /** The XMPP condition element name where there is one (SASL failure or stream error). */
  readonly condition: string | undefined;

  constructor(code: ClientErrorCode, message: string, options?: { condition?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.condition = options?.condition;
  }
}

/** W3C-style error for calls made in the wrong state (e.g. `roster.add()` while offline): the core's. */
export { InvalidStateError } from '../jingle/errors.js';

/**
 * Node's codes for a failed TLS handshake or certificate check, as found on the error `ws` reports
 * (Node `tls` docs; the X.509 names are OpenSSL's `X509_V_ERR_*` without the prefix). `EPROTO` is
 * libuv's "protocol error", which a socket raises only from TLS, e.g. when a `wss://` URL points at
 * a port that answers in plain HTTP ("wrong version number").
 */
export const NODE_TLS_ERROR_CODES = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
] as const;
export type NodeTlsErrorCode = (typeof NODE_TLS_ERROR_CODES)[number];
/** Node's own TLS errors (`ERR_TLS_CERT_ALTNAME_INVALID`, ...) and OpenSSL reasons (`ERR_SSL_*`). */
const NODE_TLS_CODE_PREFIXES = ['ERR_TLS_', 'ERR_SSL_'] as const;

/** The code @xmpp/websocket gives a DOM WebSocket `error` event, which carries no detail at all. */
const DOM_SOCKET_ERROR = 'ECONNERROR';

export function isTlsErrorCode(code: string): boolean {
  return (
    (NODE_TLS_ERROR_CODES as readonly string[]).includes(code) ||
    NODE_TLS_CODE_PREFIXES.some((prefix) => code.startsWith(prefix))
  );
}

/** What the caller knows about the socket when the error came. */
export interface ErrorContext {
  /** The WebSocket had opened (xmpp.js status past `connecting`) before this error. */
  socketOpened?: boolean;
}

type ErrorLike = {
  name?: unknown;
  condition?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  url?: unknown;
};

/** The first string `code` on the error or its causes (a wrapper may hide Node's code in `cause`). */
function errorCode(error: unknown): string | undefined {
  let e = error as ErrorLike | null | undefined;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as ErrorLike | null | undefined;
  }
  return undefined;
}

function tlsMessage(message: string, code: string | undefined, url: string | undefined): string {
  // OpenSSL's "error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file:line:" -> its reason.
  const reason = (/error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)/.exec(message)?.[1] ?? message).trim();
  const where = url ? ` to ${url}` : '';
  return `TLS connection${where} failed: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`;
}

/** String(x) throws for an object without a prototype (or with a throwing toString). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Classify whatever @xmpp/client threw or emitted into a ClientError. */
export function toClientError(error: unknown, context: ErrorContext = {}): ClientError {
  if (error instanceof ClientError) return error;
  const e = error as ErrorLike | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const condition = typeof e?.condition === 'string' ? e.condition : undefined;
  const message = typeof e?.message === 'string' ? e.message : describe(error);
  if (name === 'SASLError') {
    if (condition === 'not-authorized')
      return new ClientError('not-authorized', message, { condition, cause: error });
    return new ClientError('auth-failed', message, { ...(condition ? { condition } : {}), cause: error });
  }
  if (message.startsWith('SASL: No compatible mechanism'))
    return new ClientError('no-mechanism', message, { cause: error });
  // The only iq awaited inside stream negotiation is resource binding (RFC 6120 §7).
  if (name === 'StanzaError') {
    return new ClientError('bind', message, { ...(condition ? { condition } : {}), cause: error });
  }
  if (name === 'StreamError') {
    return new ClientError('stream-error', message, { ...(condition ? { condition } : {}), cause: error });
  }
  const code = errorCode(error);
  const url = typeof e?.url === 'string' ? e.url : undefined;
  if (code === DOM_SOCKET_ERROR && url?.startsWith('wss:') && context.socketOpened !== true) {
    // A browser reports a refused port and an untrusted certificate alike (WHATWG WebSockets
    // "fail the WebSocket connection": an `error` event, then close 1006), so say both.
    return new ClientError(
      'unreachable',
      `could not open ${url}: the server is unreachable or its TLS certificate is not trusted (browsers do not say which)`,
      { cause: error },
    );
  }
  // With a code, trust only the code: a message may name a host such as "ssl.example.org".
  if (code !== undefined ? isTlsErrorCode(code) : /certificate|tls|ssl|self[- ]signed/i.test(message))
    return new ClientError('tls', tlsMessage(message, code, url), { cause: error });
  return new ClientError('unreachable', message, { cause: error });
}
