// XEP-0030 answering and XEP-0115 §5.4 learning of contacts' features. A `ver` is trusted for
// everyone only after we recomputed it from the disco#info answer; otherwise the answer is kept for
// that one full JID (a buggy or lying client must not poison other contacts' entries).
import { xml } from '../xmpp.js';
import type { IqContext } from '../xmpp.js';
import type { Element } from 'ltx';
import { capsVer, discoInfoToXml, isWellFormedForCaps } from './caps.js';
import type { DiscoInfo } from './caps.js';

export interface CapsAnnouncement {
  hash: string;
  node: string;
  ver: string;
}

export interface FeatureCacheDeps {
  query(fullJid: string, node: string | undefined): Promise<DiscoInfo>;
  changed(fullJid: string, features: ReadonlySet<string>): void;
  failed(fullJid: string, error: unknown): void;
}

export class FeatureCache {
  readonly #byVer = new Map<string, ReadonlySet<string>>();
  readonly #byJid = new Map<string, ReadonlySet<string>>();
  /** What each full JID last announced, so a late answer for an old ver is not applied. */
  readonly #announced = new Map<string, string>();

  constructor(private readonly deps: FeatureCacheDeps) {}

  get(fullJid: string): ReadonlySet<string> | undefined {
    return this.#byJid.get(fullJid);
  }

  forget(fullJid: string): void {
    this.#byJid.delete(fullJid);
    this.#announced.delete(fullJid);
  }

  /** Called for each available presence; resolves when the features are known (or failed). */
  async onPresence(fullJid: string, caps: CapsAnnouncement | undefined): Promise<void> {
    // Servers may strip repeated <c/> (XEP-0115 §8.4): a presence without it changes nothing we know.
    if (!caps && this.#byJid.has(fullJid)) return;
    const key = caps ? `${caps.hash}\n${caps.node}#${caps.ver}` : '';
    if (this.#announced.get(fullJid) === key && this.#byJid.has(fullJid)) return;
    this.#announced.set(fullJid, key);
    const known = caps?.hash === 'sha-1' ? this.#byVer.get(caps.ver) : undefined;
    if (known) return this.#set(fullJid, known);
    try {
      const info = await this.deps.query(fullJid, caps ? `${caps.node}#${caps.ver}` : undefined);
      if (this.#announced.get(fullJid) !== key) return;
      const features: ReadonlySet<string> = new Set(info.features);
      if (caps?.hash === 'sha-1' && isWellFormedForCaps(info) && (await capsVer(info)) === caps.ver) {
        this.#byVer.set(caps.ver, features);
      }
      this.#set(fullJid, features);
    } catch (error) {
      this.deps.failed(fullJid, error);
    }
  }

  #set(fullJid: string, features: ReadonlySet<string>): void {
    this.#byJid.set(fullJid, features);
    this.deps.changed(fullJid, features);
  }
}

/**
 * disco#info handler for our JID (XEP-0030 §3.1): no node, or our caps `node#ver` (XEP-0115 §6.2),
 * which must be mirrored in the answer. Any other node is item-not-found (XEP-0030 §3.1 ex. 11).
 */
export function answerDiscoInfo(info: () => { info: DiscoInfo; capsNode: string; ver: string }) {
  return (ctx: IqContext): Element => {
    const node = ctx.element.attrs['node'];
    const current = info();
    if (node === undefined || node === `${current.capsNode}#${current.ver}`) {
      return discoInfoToXml(current.info, typeof node === 'string' ? node : undefined);
    }
    return xml(
      'error',
      { type: 'cancel' },
      xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    );
  };
}
