// XEP-0115 v1.6 entity capabilities: the verification string of §5.1 and the <c/> element of §4.
// Extended data forms (§5.1 step 6) are not supported: none of our entities publishes one.
import { createHash } from 'node:crypto';
import { Element } from 'ltx';

export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
/** XEP-0115 §4: a URI naming the software; ours, so any jingle-bridge echo shares one cache entry. */
export const CAPS_NODE = 'urn:xmpp:jingle-bridge';

export interface Identity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

export interface DiscoInfo {
  identities: readonly Identity[];
  features: readonly string[];
}

// XEP-0115 §5.1 mandates "i;octet" ordering (RFC 4790 §9.3): compare UTF-8 bytes, not UTF-16 code units.
const octetCompare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** XEP-0115 §5.1 steps 1-7 with SHA-1 (the mandatory hash), base64 per RFC 4648 §4. */
export function capsVer(info: DiscoInfo): string {
  const identities = info.identities
    .map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}<`)
    .sort(octetCompare);
  const features = [...new Set(info.features)].map((f) => `${f}<`).sort(octetCompare);
  const s = identities.join('') + features.join('');
  return createHash('sha1').update(s, 'utf8').digest('base64');
}

/** The <c/> child of presence (§4: hash, node and ver are all REQUIRED). */
export function capsElement(info: DiscoInfo, node = CAPS_NODE): Element {
  return new Element('c', { xmlns: NS_CAPS, hash: 'sha-1', node, ver: capsVer(info) });
}

/** A disco#info <query/> (XEP-0030 §3.1); a request's node is mirrored (§3.2). */
export function discoInfoQuery(info: DiscoInfo, node?: string): Element {
  const q = new Element(
    'query',
    node === undefined ? { xmlns: NS_DISCO_INFO } : { xmlns: NS_DISCO_INFO, node },
  );
  for (const i of info.identities) {
    const attrs: Record<string, string> = { category: i.category, type: i.type };
    if (i.name !== undefined) attrs['name'] = i.name;
    if (i.lang !== undefined) attrs['xml:lang'] = i.lang;
    q.c('identity', attrs);
  }
  for (const f of new Set(info.features)) q.c('feature', { var: f });
  return q;
}

export interface DiscoItem {
  jid: string;
  node?: string;
  name?: string;
}

export function discoItemsQuery(items: readonly DiscoItem[], node?: string): Element {
  const q = new Element(
    'query',
    node === undefined ? { xmlns: NS_DISCO_ITEMS } : { xmlns: NS_DISCO_ITEMS, node },
  );
  for (const it of items) {
    const attrs: Record<string, string> = { jid: it.jid };
    if (it.node !== undefined) attrs['node'] = it.node;
    if (it.name !== undefined) attrs['name'] = it.name;
    q.c('item', attrs);
  }
  return q;
}
