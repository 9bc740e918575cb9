// Raised by jingleToSdp/candidatesFromJingle when a Jingle value cannot become a safe SDP line.
// This is the "malformed input" kind of error (docs/reference/house-style.md §11.2.7): the session layer turns it
// into a bad-request or a failed-application reason; it never reaches the wire as-is.

export class JingleParseError extends Error {
  override readonly name = 'JingleParseError';
  /** The offending element, e.g. `candidate@priority` or `payload-type@id`. */
  readonly element: string;
  readonly reason: string;

  constructor(element: string, reason: string) {
    super(`<${element}>: ${reason}`);
    this.element = element;
    this.reason = reason;
  }
}

/**
 * API misuse: something was asked in a state that does not allow it (the WebIDL name,
 * docs/reference/house-style.md §11.2.7). The one class for the core, the client and the
 * component, so callers can test `instanceof` instead of comparing names.
 */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}
