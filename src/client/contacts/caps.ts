// XEP-0030 disco#info model and XEP-0115 (v1.6) entity capabilities: the verification string of
// §5.1, its SHA-1 `ver`, and the checks of §5.4 a receiver makes before trusting a `ver`.
import { NS_CAPS, NS_DATA_FORMS, NS_DISCO_INFO } from '../../jingle/ns.js';
import { xml } from '../xmpp.js';
import type { Element } from 'ltx';
import { toBase64, utf8 } from '../bytes.js';
import { capsVer as coreCapsVer, type DiscoForm, type DiscoInfo, type Identity } from '../../jingle/caps.js';

export type { DiscoForm, DiscoInfo, Identity } from '../../jingle/caps.js';

/** XEP-0115 §5.1 step 7: the verification string (the core's) through SHA-1 on WebCrypto. */
export function capsVer(info: DiscoInfo): Promise<string> {
  return coreCapsVer(info, async (input) =>
    toBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(input)))),
  );
}

/**
 * XEP-0115 §5.4 step 3: a response with duplicate identities or features, or two forms with the
 * same FORM_TYPE, must not be cached (it cannot be the input the sender hashed).
 */
export function isWellFormedForCaps(info: DiscoInfo): boolean {
  const ids = info.identities.map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`);
  const types = (info.forms ?? []).map((f) => f.formType);
  return (
    new Set(ids).size === ids.length &&
    new Set(info.features).size === info.features.length &&
    new Set(types).size === types.length
  );
}

/** Reads a <query xmlns=disco#info/>; forms without a FORM_TYPE are skipped (§5.4 step 3.4). */
export function discoInfoFromXml(query: Element): DiscoInfo {
  const identities = query.getChildren('identity', NS_DISCO_INFO).flatMap((el): Identity[] => {
    const { category, type, name } = el.attrs as Record<string, string | undefined>;
    const lang = el.attrs['xml:lang'] as string | undefined;
    if (!category || !type) return [];
    return [
      { category, type, ...(name !== undefined ? { name } : {}), ...(lang !== undefined ? { lang } : {}) },
    ];
  });
  const features = query
    .getChildren('feature', NS_DISCO_INFO)
    .flatMap((el) => (typeof el.attrs['var'] === 'string' ? [el.attrs['var'] as string] : []));
  const forms = query.getChildren('x', NS_DATA_FORMS).flatMap((x): DiscoForm[] => {
    if (x.attrs['type'] !== 'result') return [];
    const fields = x.getChildren('field', NS_DATA_FORMS).map((f) => ({
      var: String(f.attrs['var'] ?? ''),
      values: f.getChildren('value', NS_DATA_FORMS).map((v) => v.text()),
    }));
    const formType = fields.find((f) => f.var === 'FORM_TYPE')?.values[0];
    if (formType === undefined) return [];
    return [{ formType, fields: fields.filter((f) => f.var !== 'FORM_TYPE') }];
  });
  return { identities, features, forms };
}

export function discoInfoToXml(info: DiscoInfo, node?: string): Element {
  return xml(
    'query',
    { xmlns: NS_DISCO_INFO, node },
    ...info.identities.map((i) =>
      xml('identity', { category: i.category, type: i.type, name: i.name, 'xml:lang': i.lang }),
    ),
    ...info.features.map((f) => xml('feature', { var: f })),
    ...(info.forms ?? []).map((form) =>
      xml(
        'x',
        { xmlns: NS_DATA_FORMS, type: 'result' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, form.formType)),
        ...form.fields.map((f) => xml('field', { var: f.var }, ...f.values.map((v) => xml('value', {}, v)))),
      ),
    ),
  );
}

/** The <c/> of a presence, if complete (hash, node and ver are REQUIRED, §6.1). `ext` is ignored. */
export function capsFromPresence(presence: Element): { hash: string; node: string; ver: string } | undefined {
  const c = presence.getChild('c', NS_CAPS);
  const { hash, node, ver } = (c?.attrs ?? {}) as Record<string, unknown>;
  if (typeof hash !== 'string' || typeof node !== 'string' || typeof ver !== 'string') return undefined;
  return { hash, node, ver };
}
