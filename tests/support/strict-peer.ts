// The checks Conversations applies to a Jingle RTP session-initiate/-accept before it goes on with a
// call (JingleRtpConnection/RtpContentMap: the facts are in docs/reference/deployed-clients.md §3.1, §3.2, §3.7, §3.21 and
// docs/reference/xep-rules.md §11, §17). Pure: each function returns every violation as a readable string
// naming the rule and the content, so a test can assert the whole list (`[]` = Conversations accepts).
import type { Element } from 'ltx';
import { NS_JINGLE_1, NS_JINGLE_DTLS_0, NS_JINGLE_RTP_1 } from '../../src/jingle/ns.js';

/** The rules, by the id each violation starts with. */
export const STRICT_RULES = {
  contents: 'rule 1: at least one content, each with an RTP <description> (else Conversations terminates)',
  dtls: 'rule 2: a DTLS fingerprint with hash, value and setup in every transport; actpass only from the initiator (security-error)',
  media:
    'rule 3: the contents carry exactly the media of the JMI propose / the session-initiate (security-error)',
  'same-dtls': 'rule 4: one DTLS setup (and, in an offer, one fingerprint) across contents (getDistinctDtls)',
  'ice-credentials': 'rule 4: one ufrag/pwd pair across contents, which a Conversations ICE restart needs',
  candidates:
    'rule 5: candidate attributes without whitespace, protocol udp only (Conversations never does tcp)',
} as const;
export type StrictRule = keyof typeof STRICT_RULES;

/** What Conversations maps a description's media to: anything but audio/video is UNKNOWN. */
export const StrictMedia = { audio: 'audio', video: 'video', unknown: 'unknown' } as const;
export type StrictMedia = (typeof StrictMedia)[keyof typeof StrictMedia];

const violation = (rule: StrictRule, detail: string): string => `${rule}: ${detail}`;

/**
 * Rules 1-5 on a session-initiate received after our `<proceed/>`, against the media of the propose
 * (the `media` attributes of its `<description/>`s).
 */
export function conversationsAcceptsSessionInitiate(
  jingle: Element,
  proposedMedia: readonly string[],
): string[] {
  const contents = contentsOf(jingle);
  const out = [...contentRules(contents), ...dtlsRules(contents, 'initiator')];
  out.push(...mediaRule(contents, proposedMedia.map(toStrictMedia), 'the JMI propose'));
  out.push(...distinctDtls(contents, true), ...distinctCredentials(contents), ...candidateRules(contents));
  return out;
}

/** Rules 1, 2 (answer side), 3 against the session-initiate, 4 (one setup) and 5 on a session-accept. */
export function conversationsAcceptsSessionAccept(accept: Element, initiate: Element): string[] {
  const contents = contentsOf(accept);
  const offered = contentsOf(initiate).map((c) => mediaOf(c));
  return [
    ...contentRules(contents),
    ...dtlsRules(contents, 'responder'),
    ...mediaRule(contents, offered, 'the session-initiate'),
    ...distinctDtls(contents, false),
    ...candidateRules(contents),
  ];
}

/** Rule 5 on a transport-info (Conversations parses every trickled candidate the same way). */
export function conversationsAcceptsTransportInfo(jingle: Element): string[] {
  return candidateRules(contentsOf(jingle));
}

// --- rules ---

function contentRules(contents: readonly Element[]): string[] {
  if (contents.length === 0) return [violation('contents', 'no <content> at all')];
  return contents
    .filter((c) => rtpDescription(c) === undefined)
    .map((c) => violation('contents', `${label(c)} has no RTP <description>`));
}

function dtlsRules(contents: readonly Element[], sender: 'initiator' | 'responder'): string[] {
  const out: string[] = [];
  for (const c of contents) {
    const fp = fingerprintOf(c);
    if (fp === undefined) {
      out.push(violation('dtls', `${label(c)} has no <fingerprint xmlns='${NS_JINGLE_DTLS_0}'>`));
      continue;
    }
    if (!nonEmpty(fp.attrs['hash'])) out.push(violation('dtls', `${label(c)}: fingerprint without hash`));
    if (fp.getText().trim() === '') out.push(violation('dtls', `${label(c)}: fingerprint without value`));
    const setup = fp.attrs['setup'];
    if (!nonEmpty(setup)) out.push(violation('dtls', `${label(c)}: fingerprint without setup`));
    // docs/reference/deployed-clients.md §3.1: the initiator must be actpass; §3.2: an answer is never actpass.
    else if (sender === 'initiator' && setup !== 'actpass')
      out.push(violation('dtls', `${label(c)}: initiator setup is '${setup}', not 'actpass'`));
    else if (sender === 'responder' && setup !== 'active' && setup !== 'passive')
      out.push(violation('dtls', `${label(c)}: responder setup is '${setup}', not active or passive`));
  }
  return out;
}

function mediaRule(contents: readonly Element[], expected: readonly StrictMedia[], what: string): string[] {
  const got = contents.map((c) => mediaOf(c));
  const want = new Set(expected);
  const have = new Set(got);
  if (setKey(have) === setKey(want)) return [];
  const extra = contents
    .filter((c) => !want.has(mediaOf(c)))
    .map(
      (c) => `${label(c)} is ${rtpDescription(c)?.attrs['media'] ?? 'without description'} (${mediaOf(c)})`,
    );
  const missing = [...want].filter((m) => !have.has(m)).map((m) => `no content for ${m}`);
  return [
    violation(
      'media',
      `contents have {${setKey(have)}} but ${what} had {${setKey(want)}}: ${[...extra, ...missing].join('; ')}`,
    ),
  ];
}

function distinctDtls(contents: readonly Element[], withFingerprint: boolean): string[] {
  const keys = new Map<string, string[]>();
  for (const c of contents) {
    const fp = fingerprintOf(c);
    if (fp === undefined) continue;
    const key = withFingerprint
      ? `setup=${fp.attrs['setup'] ?? ''} ${fp.attrs['hash'] ?? ''} ${fp.getText().trim()}`
      : `setup=${fp.attrs['setup'] ?? ''}`;
    keys.set(key, [...(keys.get(key) ?? []), label(c)]);
  }
  if (keys.size <= 1) return [];
  const parts = [...keys].map(([k, names]) => `${names.join(', ')}: ${k}`);
  return [violation('same-dtls', `${keys.size} distinct DTLS parameters (${parts.join(' | ')})`)];
}

function distinctCredentials(contents: readonly Element[]): string[] {
  const keys = new Map<string, string[]>();
  for (const c of contents) {
    const t = transportOf(c);
    if (t === undefined) continue;
    const key = `${t.attrs['ufrag'] ?? ''}/${t.attrs['pwd'] ?? ''}`;
    keys.set(key, [...(keys.get(key) ?? []), label(c)]);
  }
  if (keys.size <= 1) return [];
  const parts = [...keys].map(([k, names]) => `${names.join(', ')}: ${k}`);
  return [violation('ice-credentials', `${keys.size} distinct ufrag/pwd pairs (${parts.join(' | ')})`)];
}

function candidateRules(contents: readonly Element[]): string[] {
  const out: string[] = [];
  for (const c of contents) {
    const t = transportOf(c);
    if (t === undefined) continue;
    for (const cand of children(t, 'candidate')) {
      const id = `${label(c)} candidate '${cand.attrs['id'] ?? '?'}'`;
      for (const [name, value] of Object.entries(cand.attrs))
        if (name !== 'xmlns' && /\s/.test(String(value)))
          out.push(violation('candidates', `${id}: ${name}=${JSON.stringify(value)} contains whitespace`));
      const protocol = String(cand.attrs['protocol'] ?? '').toLowerCase();
      if (protocol !== 'udp') out.push(violation('candidates', `${id}: protocol '${protocol}' is not udp`));
    }
  }
  return out;
}

// --- reading (class-agnostic: @xmpp/xml and ltx build different Element classes) ---

/** The <content>s of a <jingle>, or of the <jingle> inside an <iq>. */
function contentsOf(el: Element): Element[] {
  const jingle = el.name === 'jingle' ? el : children(el, 'jingle', NS_JINGLE_1)[0];
  return jingle === undefined ? [] : children(jingle, 'content');
}

function children(el: Element, name: string, ns?: string): Element[] {
  return el.children.filter(
    (c): c is Element =>
      typeof c === 'object' && c !== null && c.name === name && (ns === undefined || nsOf(c) === ns),
  );
}

function nsOf(el: Element): string | undefined {
  for (let e: Element | null | undefined = el; e; e = e.parent) {
    const ns = e.attrs['xmlns'];
    if (typeof ns === 'string') return ns;
  }
  return undefined;
}

const rtpDescription = (c: Element) => children(c, 'description', NS_JINGLE_RTP_1)[0];
const transportOf = (c: Element) => children(c, 'transport')[0];
const fingerprintOf = (c: Element) => {
  const t = transportOf(c);
  return t === undefined ? undefined : children(t, 'fingerprint', NS_JINGLE_DTLS_0)[0];
};
const mediaOf = (c: Element): StrictMedia => toStrictMedia(rtpDescription(c)?.attrs['media']);
const toStrictMedia = (m: unknown): StrictMedia => (m === 'audio' || m === 'video' ? m : StrictMedia.unknown);
const label = (c: Element) => `content '${c.attrs['name'] ?? '?'}'`;
const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
const setKey = (s: ReadonlySet<string>) => [...s].sort().join(', ');
