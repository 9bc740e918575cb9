// One serial queue per call: every operation that touches an RTCPeerConnection (remote descriptions,
// candidates, offers/answers, local API calls) runs after the previous one settled, so a candidate can
// never reach addIceCandidate before its remote description (XEP-0176 §5.5 trickle ordering).

export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Runs `task` after every task queued before it; a failure goes to `onError`, later tasks still run. */
  push<T>(task: () => Promise<T> | T): Promise<T | undefined> {
    const run = async (): Promise<T | undefined> => {
      if (this.#closed) return undefined;
      try {
        return await task();
      } catch (error) {
        this.#onError(error);
        return undefined;
      }
    };
    const next = this.#tail.then(run);
    this.#tail = next;
    return next;
  }

  /** Tasks queued from now on are dropped (the call ended and its peer connection is closed). */
  close(): void {
    this.#closed = true;
  }

  /** Settles when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
