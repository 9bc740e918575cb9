// Single-use call links (issue #6): a link is reserved while its first call rings, so two guests
// cannot race on it, and used up once that call is answered. Alone, an instance keeps this in
// memory (after a restart a used single-use link works once more until it expires). With a shared
// store (link-store.ts, Redis) every instance of the component agrees: this map also holds the
// other instances' claims, pushed to us by the store, and our own claims are made atomically there
// (docs/scaling.md, "State").

import type { SharedLinkStore } from './link-store.js';

interface Entry {
  state: 'reserved' | 'used' | 'elsewhere';
  /** Unix ms; the entry is forgotten after this, when the token is refused as expired anyway. */
  expiresAt: number;
}

export interface LinkUsesLog {
  warn(msg: string): void;
}

export class LinkUses {
  readonly #entries = new Map<string, Entry>();
  readonly #store: SharedLinkStore | undefined;
  readonly #log: LinkUsesLog | undefined;

  constructor(store?: SharedLinkStore, log?: LinkUsesLog) {
    this.#store = store;
    this.#log = log;
    store?.subscribe(
      (e) => {
        const mine = this.#entries.get(e.id);
        if (e.op === 'taken' && mine === undefined)
          this.#entries.set(e.id, { state: 'elsewhere', expiresAt: e.expiresAt ?? 0 });
        if (e.op === 'free' && mine?.state === 'elsewhere') this.#entries.delete(e.id);
      },
      () => {
        for (const [id, e] of this.#entries) if (e.state === 'elsewhere') this.#entries.delete(id);
      },
    );
  }

  /**
   * False when the link is in use or used up (here or, as far as we know, elsewhere); otherwise
   * reserves it. With a shared store the answer is a promise: another instance may have claimed the
   * link a moment ago, before its announcement reached us, so the store's atomic claim decides and
   * the call is placed only once it has (two guests on two instances: one call rings, not two).
   */
  reserve(id: string, expiresAt: number, now: number): boolean | Promise<boolean> {
    this.#prune(now);
    if (this.#entries.has(id)) return false;
    const entry: Entry = { state: 'reserved', expiresAt };
    this.#entries.set(id, entry);
    if (this.#store === undefined) return true;
    return this.#store.claim(id, expiresAt).then((won) => {
      if (won) return true;
      // Still ours to settle (not released meanwhile): the other instance holds it.
      if (this.#entries.get(id) === entry) this.#entries.set(id, { state: 'elsewhere', expiresAt });
      this.#log?.warn(
        `single-use link ${id} was claimed by another instance at the same moment; refused here`,
      );
      return false;
    });
  }

  /** The call never started (no answer, owner offline, guest hung up while ringing). */
  release(id: string): void {
    if (this.#entries.get(id)?.state !== 'reserved') return;
    this.#entries.delete(id);
    void this.#store?.release(id);
  }

  /** The call was answered: the link is used up. */
  commit(id: string): void {
    const e = this.#entries.get(id);
    if (e === undefined) return;
    e.state = 'used';
    void this.#store?.commit(id, e.expiresAt);
  }

  isTaken(id: string, now: number): boolean {
    this.#prune(now);
    return this.#entries.has(id);
  }

  close(): void {
    this.#store?.close();
  }

  #prune(now: number): void {
    for (const [id, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(id);
  }
}
