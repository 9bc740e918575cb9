// XEP-0030 disco#info model and XEP-0115 (v1.6) entity capabilities: the verification string of
// §5.1, its SHA-1 `ver`, and the checks of §5.4 a receiver makes before trusting a `ver`.
import { xml } from '../xmpp.js';
import type { Element } from 'ltx';
import { toBase64, utf8 } from '../bytes.js';

export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_DATA = 'jabber:x:data';

export interface Identity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}
/** A XEP-0128 extended form: FORM_TYPE plus fields (each var with its values, in any order). */
export interface DiscoForm {
  formType: string;
  fields: Array<{ var: string; values: string[] }>;
}
export interface DiscoInfo {
  identities: Identity[];
  features: string[];
  forms: DiscoForm[];
}

/** i;octet (RFC 4790): compare UTF-8 bytes, which differs from UTF-16 order above U+FFFF. */
export function octetCompare(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** XEP-0115 §5.1 steps 1-9. */
export function capsVerificationString(info: DiscoInfo): string {
  const identities = info.identities
    .map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}<`)
    .sort(octetCompare);
  const features = info.features.map((f) => `${f}<`).sort(octetCompare);
  const forms = [...info.forms]
    .sort((a, b) => octetCompare(a.formType, b.formType))
    .map((form) => {
      const fields = [...form.fields]
        .sort((a, b) => octetCompare(a.var, b.var))
        .map(
          (f) =>
            `${f.var}<${[...f.values]
              .sort(octetCompare)
              .map((v) => `${v}<`)
              .join('')}`,
        );
      return `${form.formType}<${fields.join('')}`;
    });
  return identities.join('') + features.join('') + forms.join('');
}

export async function capsVer(info: DiscoInfo): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', utf8(capsVerificationString(info)));
  return toBase64(new Uint8Array(digest));
}

/**
 * XEP-0115 §5.4 step 3: a response with duplicate identities or features, or two forms with the
 * same FORM_TYPE, must not be cached (it cannot be the input the sender hashed).
 */
export function isWellFormedForCaps(info: DiscoInfo): boolean {
  const ids = info.identities.map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}`);
  const types = info.forms.map((f) => f.formType);
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
  const forms = query.getChildren('x', NS_DATA).flatMap((x): DiscoForm[] => {
    if (x.attrs['type'] !== 'result') return [];
    const fields = x.getChildren('field', NS_DATA).map((f) => ({
      var: String(f.attrs['var'] ?? ''),
      values: f.getChildren('value', NS_DATA).map((v) => v.text()),
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
    ...info.forms.map((form) =>
      xml(
        'x',
        { xmlns: NS_DATA, type: 'result' },
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
