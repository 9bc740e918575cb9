// XEP-0115 v1.6 entity capabilities for our entities: the `ver` (the verification string of §5.1 is
// built in the core, src/jingle/caps.ts; the SHA-1 comes from node:crypto), the <c/> element of §4
// and the XEP-0030 disco replies. None of our entities publishes an extended form (§5.1 step 6).
import { createHash } from 'node:crypto';
import { Element } from 'ltx';
import { capsVer as verOf, type DiscoInfo } from '../jingle/caps.js';
import { NS_CAPS, NS_DISCO_INFO, NS_DISCO_ITEMS } from '../jingle/ns.js';

/** XEP-0115 §4: a URI naming the software; ours, so any jingle-bridge echo shares one cache entry. */
export const CAPS_NODE = 'urn:xmpp:jingle-bridge';

const sha1Base64 = (input: string): string => createHash('sha1').update(input, 'utf8').digest('base64');

/** XEP-0115 §5.1 with SHA-1 (the mandatory hash); a feature listed twice is hashed once, as sent. */
export function capsVer(info: DiscoInfo): string {
  return verOf({ ...info, features: [...new Set(info.features)] }, sha1Base64);
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
