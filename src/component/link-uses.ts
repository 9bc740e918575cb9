// Single-use call links (issue #6): a link is reserved while its first call rings, so two guests
// cannot race on it, and used up once that call is answered. In memory only: after a restart a
// single-use link that was already used works once more until it expires (docs/component.md).

interface Entry {
  state: 'reserved' | 'used';
  /** Unix ms; the entry is forgotten after this, when the token is refused as expired anyway. */
  expiresAt: number;
}

export class LinkUses {
  readonly #entries = new Map<string, Entry>();

  /** False when the link is in use or used up; otherwise reserves it. */
  reserve(id: string, expiresAt: number, now: number): boolean {
    this.#prune(now);
    if (this.#entries.has(id)) return false;
    this.#entries.set(id, { state: 'reserved', expiresAt });
    return true;
  }

  /** The call never started (no answer, owner offline, guest hung up while ringing). */
  release(id: string): void {
    if (this.#entries.get(id)?.state === 'reserved') this.#entries.delete(id);
  }

  /** The call was answered: the link is used up. */
  commit(id: string): void {
    const e = this.#entries.get(id);
    if (e !== undefined) e.state = 'used';
  }

  isTaken(id: string, now: number): boolean {
    this.#prune(now);
    return this.#entries.has(id);
  }

  #prune(now: number): void {
    for (const [id, e] of this.#entries) if (e.expiresAt <= now) this.#entries.delete(id);
  }
}
