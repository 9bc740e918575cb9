// The one typed emitter of the project (docs/reference/house-style.md §11.2.8). Listeners are the
// seams the UI and the adapters plug into, so a listener that throws must not break signalling:
// emit() catches it and hands it to the owner's `onListenerError`, and the other listeners still
// run. Pure: no console, no timers; what to do with a listener's exception is the owner's choice.

export type EventMap = Record<string, unknown[]>;
export type Listener<A extends unknown[]> = (...args: A) => void;
export type ListenerErrorHandler<E extends EventMap> = (error: unknown, event: keyof E) => void;

export class TypedEmitter<E extends EventMap> {
  // Stored untyped; on() and emit() keep the pairing of event name and argument types.
  readonly #listeners = new Map<keyof E, Set<Listener<never>>>();
  readonly #onListenerError: ListenerErrorHandler<E>;

  constructor(onListenerError: ListenerErrorHandler<E>) {
    this.#onListenerError = onListenerError;
  }

  /** Returns a function that removes the listener. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  listenerCount(event: keyof E): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    // A copy: a listener may remove itself (or another) while we iterate.
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<E[K]>)(...args);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }
}

/** Whatever was thrown, as an Error (a listener may throw a string). */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

export type ErrorEvents = { error: [error: Error] };

/**
 * An emitter whose listener exceptions become its own `error` event, the usual policy of the
 * client's objects. An exception thrown by an `error` listener is dropped: re-emitting it would loop.
 */
export function errorReportingEmitter<E extends EventMap & ErrorEvents>(): TypedEmitter<E> {
  const emitter: TypedEmitter<E> = new TypedEmitter<E>((error, event) => {
    if (event !== 'error') (emitter as unknown as TypedEmitter<ErrorEvents>).emit('error', toError(error));
  });
  return emitter;
}
