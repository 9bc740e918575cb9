// Local ICE candidates of one call between gathering and the wire. Gathering starts before we may
// signal (the caller prepares its offer while the callee rings), so candidates are held until our
// offer/answer goes out and then ride inside its <transport> (XEP-0176 §5.2/§5.3: the initiator
// SHOULD include candidates in session-initiate) instead of one transport-info each. Holding them
// keeps XEP-0176 §10.1: nothing about our addresses leaves before the callee proceeds.
import type { Element } from 'ltx';
import type { Role } from '../../jingle/constants.js';
import type { IceCandidateInit } from '../../jingle/sdp/index.js';
import { iceCredentials, localCandidate, type IceCredentials } from './jingle-pc.js';

/** What the session engine's `candidate` intent takes. */
export interface OutgoingCandidate {
  content: string;
  candidate: Element;
}

// Candidate ids are a pure function of mid and candidate (xml/xep0176.ts candidateId), so the same
// candidate seen in the SDP and in an icecandidate event has one key.
const keyOf = (content: string, candidate: Element): string => `${content}|${String(candidate.attrs['id'])}`;

export class LocalCandidates {
  #held: IceCandidateInit[] = [];
  readonly #sent = new Set<string>();
  #described = false;

  constructor(private readonly role: Role) {}

  /** Whether our first offer/answer has gone out (candidates are no longer held). */
  get described(): boolean {
    return this.#described;
  }

  /**
   * A candidate from the peer connection: what to send now, or undefined when it is held (no
   * description sent yet), already went out inside one, or is never signalled (TCP, end marker).
   */
  gathered(c: IceCandidateInit, localSdp: string | undefined): OutgoingCandidate | undefined {
    if (!this.#described) {
      this.#held.push(c);
      return undefined;
    }
    if (localSdp === undefined) return undefined;
    const out = localCandidate(c, (mid) => iceCredentials(localSdp, mid), this.role);
    if (out === undefined || this.#sent.has(keyOf(out.content, out.candidate))) return undefined;
    this.#sent.add(keyOf(out.content, out.candidate));
    return out;
  }

  /**
   * Our offer/answer (or content-add/accept) is about to go out with these contents: held
   * candidates missing from their transports are added (browsers also list gathered candidates in
   * localDescription, so usually they are there already), and every candidate in them counts as sent.
   */
  describe(contents: readonly Element[]): void {
    const byName = new Map(contents.map((c) => [String(c.attrs['name']), c]));
    const inside = (content: Element): Element[] =>
      content.getChild('transport')?.getChildren('candidate') ?? [];
    for (const [name, content] of byName)
      for (const cand of inside(content)) this.#sent.add(keyOf(name, cand));
    // The credentials are in the transports just translated: no second parse of the SDP per candidate.
    const credentials = (mid: string): IceCredentials | undefined => {
      const t = byName.get(mid)?.getChild('transport');
      const ufrag = t?.attrs['ufrag'];
      const pwd = t?.attrs['pwd'];
      return typeof ufrag === 'string' && typeof pwd === 'string' ? { ufrag, pwd } : undefined;
    };
    for (const c of this.#held) {
      const out = localCandidate(c, credentials, this.role);
      const transport = out === undefined ? undefined : byName.get(out.content)?.getChild('transport');
      if (out === undefined || transport === undefined) continue;
      if (this.#sent.has(keyOf(out.content, out.candidate))) continue;
      transport.cnode(out.candidate);
      this.#sent.add(keyOf(out.content, out.candidate));
    }
    // Held candidates of contents not in this description stay unsent: their m-line is not ours to offer.
    this.#held = [];
    this.#described = true;
  }
}
