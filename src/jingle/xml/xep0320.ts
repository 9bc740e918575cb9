// XEP-0320 Use of DTLS-SRTP in Jingle Sessions v1.0.0.
//   a=fingerprint:sha-256 AB:… + a=setup:actpass   <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>AB:…</fingerprint>
// A session-level fingerprint is copied into every transport (§4 note; Firefox). The text is
// trimmed (Jitsi sends a trailing newline). lib-jitsi-meet's `required` attribute is ignored.
// A missing setup becomes actpass in an offer and active in an answer (docs/reference/xep-rules.md §4).
import type { Element } from 'ltx';
import type { MediaDescription } from 'sdp-transform';
import { NS_JINGLE_DTLS_0 } from '../ns.js';
import type { Section } from './section.js';
import { token } from './validate.js';

/** Returns false when there is a setup but no fingerprint (the caller keeps a=setup verbatim). */
export function fingerprintToXml(m: MediaDescription, tr: Element): boolean {
  if (m.fingerprint === undefined) return m.setup === undefined;
  const a: Record<string, string> = { xmlns: NS_JINGLE_DTLS_0, hash: String(m.fingerprint.type) };
  if (m.setup !== undefined) a['setup'] = String(m.setup);
  tr.c('fingerprint', a).t(String(m.fingerprint.hash));
  return true;
}

export function fingerprintToSdp(el: Element, sec: Section): void {
  const hash = token(el.attrs['hash'], 'fingerprint@hash');
  sec.dtls.push(`a=fingerprint:${hash} ${token(el.getText().trim(), 'fingerprint')}`);
  sec.hasFingerprint = true;
  if (sec.setup === undefined && el.attrs['setup'] !== undefined) {
    sec.setup = token(el.attrs['setup'], 'fingerprint@setup');
  }
}
