// How a local failure of a call's peer connection (media, SDP, ICE) carries the reason the call ends with.

/** A failure with the reason the call ends with (XEP-0166 §7.4; every reason carries a text). */
export class CallFailure extends Error {
  constructor(
    readonly condition:
      'failed-application' | 'media-error' | 'incompatible-parameters' | 'connectivity-error',
    text: string,
  ) {
    super(text);
  }
}

export const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
