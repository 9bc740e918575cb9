// XEP-0030 disco#info model and the XEP-0115 (v1.6) verification string of §5.1, built once for the
// client and the component. The hash is injected (SHA-1 through WebCrypto in the browser,
// node:crypto in the component), so the core stays free of I/O and platform APIs.
import { octetCompare } from './octet.js';

export interface Identity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

/** A XEP-0128 extended form: FORM_TYPE plus fields (each var with its values, in any order). */
export interface DiscoForm {
  formType: string;
  fields: ReadonlyArray<{ var: string; values: readonly string[] }>;
}

export interface DiscoInfo {
  identities: readonly Identity[];
  features: readonly string[];
  forms?: readonly DiscoForm[];
}

/** XEP-0115 §5.1 steps 1-9: identities, then features, then extended forms, each sorted. */
export function capsVerificationString(info: DiscoInfo): string {
  const identities = info.identities
    .map((i) => `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}<`)
    .sort(octetCompare);
  const features = info.features.map((f) => `${f}<`).sort(octetCompare);
  const forms = [...(info.forms ?? [])]
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

/**
 * The `ver` of §5.1 step 7: the verification string through `sha1Base64` (SHA-1, the mandatory
 * hash, base64 per RFC 4648 §4). Sync or async, as the injected hash is.
 */
export function capsVer<R>(info: DiscoInfo, sha1Base64: (input: string) => R): R {
  return sha1Base64(capsVerificationString(info));
}
