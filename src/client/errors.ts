// Errors the client raises to its user. Three kinds are kept apart (house-style §11.2.7):
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
  /** TLS handshake or certificate failure (browsers only say "WebSocket failed": best effort). */
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

/** W3C-style error for calls made in the wrong state (e.g. `roster.add()` while offline). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}

/** Classify whatever @xmpp/client threw or emitted into a ClientError. */
export function toClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  const e = error as { name?: unknown; condition?: unknown; message?: unknown; code?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const condition = typeof e?.condition === 'string' ? e.condition : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
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
  if (/certificate|tls|ssl|self[- ]signed/i.test(message))
    return new ClientError('tls', message, { cause: error });
  return new ClientError('unreachable', message, { cause: error });
}
