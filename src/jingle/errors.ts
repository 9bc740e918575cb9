// Raised by jingleToSdp/candidatesFromJingle when a Jingle value cannot become a safe SDP line.
// This is the "malformed input" kind of error (house-style §11.2.7): the session layer turns it
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
