// Our IQ get/sets awaiting their answers (RFC 6120 §8.2.3: every get/set gets one result or error).
// xmpp.ts hands each received stanza here first; what does not answer one of ours goes on to the router.
import type { Element } from 'ltx';

/** An <error/> reply to one of our IQs (RFC 6120 §8.3). */
export class StanzaError extends Error {
  override name = 'StanzaError';
  constructor(
    readonly condition: string,
    readonly type: string,
    readonly stanza: Element,
  ) {
    super(`${condition} (${type})`);
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

interface Pending {
  to: string;
  resolve: (el: Element) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class PendingIqs {
  readonly #pending = new Map<string, Pending>();

  /**
   * Registers IQ `id` sent to `to`, then `send`s it. Resolves with the result IQ; rejects with
   * StanzaError, TimeoutError, or the error `send` rejects with.
   */
  wait(id: string, to: string, timeoutMs: number, send: () => Promise<void>): Promise<Element> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new TimeoutError(`no answer to IQ ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { to, resolve, reject, timer });
      send().catch((err: Error) => {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(err);
      });
    });
  }

  /** Settles the request `el` answers; false when it answers none of ours. */
  settle(el: Element): boolean {
    const type = el.attrs['type'];
    const id = el.attrs['id'] as string | undefined;
    if (el.name !== 'iq' || (type !== 'result' && type !== 'error') || id === undefined) return false;
    const p = this.#pending.get(id);
    // An answer counts only from the entity we asked: another sender reusing the id is not it.
    if (p === undefined || String(el.attrs['from'] ?? '').toLowerCase() !== p.to.toLowerCase()) return false;
    this.#pending.delete(id);
    clearTimeout(p.timer);
    if (type === 'result') p.resolve(el);
    else {
      const err = el.getChild('error');
      const cond = err?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition';
      p.reject(new StanzaError(cond, String(err?.attrs['type'] ?? 'cancel'), el));
    }
    return true;
  }

  /** Rejects every request still waiting (the connection stopped or was lost). */
  failAll(err: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(err);
    }
  }
}
