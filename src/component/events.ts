// A small typed emitter. Listeners are the seams other layers plug into, so one that throws must not
// break the guest socket or the XMPP connection: errors go to `onListenerError` instead.

export type EventMap = Record<string, unknown[]>;
type Listener<A extends unknown[]> = (...args: A) => void;
// Stored untyped; `on` and `emit` keep the pairing of event name and argument types.
type AnyListener = (...args: unknown[]) => void;

export class TypedEmitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<AnyListener>>();
  onListenerError: (err: unknown, event: string) => void = (err, event) => {
    console.error(`listener for "${event}" threw:`, err);
  };

  on<K extends keyof E>(event: K, fn: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(fn as AnyListener);
    return () => set.delete(fn as AnyListener);
  }

  listenerCount(event: keyof E): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    for (const fn of [...(this.#listeners.get(event) ?? [])]) {
      try {
        fn(...args);
      } catch (err) {
        this.onListenerError(err, String(event));
      }
    }
  }
}
