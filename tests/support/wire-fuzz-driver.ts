// Sends fuzz stanzas from a RawXmpp session and keeps the IQ books: every get/set (and every IQ Prosody
// must bounce, such as an invalid type) gets exactly one result or error, and result/error IQs get
// none (RFC 6120 §8.2.3). A window of unanswered IQs paces the run to what the target keeps up with;
// an IQ unanswered after `answerMs` counts as `none` (a late answer still counts, as a duplicate if
// it is the second). If Prosody ends the fuzzer's own stream, the stanza that did it is recorded and
// the driver logs in again; the IQs in flight then are counted as `lostWithStream`, not `none`.
import type { Element } from 'ltx';
import type { RawXmpp } from './raw-xmpp.js';
import type { FuzzStanza } from './wire-fuzz.js';

export interface FuzzTally {
  sent: number;
  bytes: number;
  iqs: {
    expected: number;
    result: number;
    error: number;
    none: number;
    duplicate: number;
    unsolicited: number;
  };
  lostWithStream: number;
  /** Stanzas after which Prosody closed the fuzzer's stream (reason, origin, start of the text). */
  streamsLost: string[];
  /** The IQs that got no answer or two (origin and the start of the text), for the report. */
  unanswered: string[];
  duplicated: string[];
}

interface Pending {
  expected: 0 | 1;
  got: number;
  sentAt: number;
  what: string;
}

export interface DriverOptions {
  /** Unanswered IQs allowed in flight. */
  window?: number;
  answerMs?: number;
  /** Called about every `probeEveryMs` between stanzas (checks that the call still decodes frames...). */
  probe?: (sent: number) => Promise<void>;
  probeEveryMs?: number;
  /** The last stanzas sent, kept for failure messages. */
  onSent?: (s: FuzzStanza, seq: number) => void;
}

/**
 * The origin and the start of a stanza, copied: a V8 slice keeps its whole parent string alive, and
 * the books hold one of these per IQ (a long run would keep every 256 KiB stanza otherwise).
 */
const describe = (s: FuzzStanza) => Buffer.from(`${s.origin}: ${s.text.slice(0, 200)}`).toString();

export class FuzzDriver {
  readonly tally: FuzzTally = {
    sent: 0,
    bytes: 0,
    iqs: { expected: 0, result: 0, error: 0, none: 0, duplicate: 0, unsolicited: 0 },
    lostWithStream: 0,
    streamsLost: [],
    unanswered: [],
    duplicated: [],
  };
  private readonly books = new Map<string, Pending>();
  /** The last stanzas sent, to name the likely culprit when Prosody ends the fuzzer's stream. */
  private readonly last: string[] = [];
  private open = 0;
  private raw!: RawXmpp;

  constructor(private readonly login: () => Promise<RawXmpp>) {}

  async start(): Promise<void> {
    this.raw = await this.login();
    this.raw.onStanza((el) => this.onReply(el));
  }

  async run(stanzas: Iterable<FuzzStanza>, opts: DriverOptions = {}): Promise<FuzzTally> {
    const window = opts.window ?? 16;
    const answerMs = opts.answerMs ?? 10_000;
    let nextProbe = Date.now() + (opts.probeEveryMs ?? 2000);
    for (const s of stanzas) {
      while (this.open >= window) {
        if (this.raw.closed !== undefined) await this.reconnect();
        this.expire(answerMs);
        if (this.open >= window) await new Promise((r) => setTimeout(r, 2));
      }
      if (opts.probe && Date.now() >= nextProbe) {
        await opts.probe(this.tally.sent);
        nextProbe = Date.now() + (opts.probeEveryMs ?? 2000);
      }
      const id = s.el.name === 'iq' ? String(s.el.attrs.id) : undefined;
      if (id !== undefined) {
        this.books.set(id, { expected: s.replies, got: 0, sentAt: Date.now(), what: describe(s) });
        this.tally.iqs.expected += s.replies;
        if (s.replies === 1) this.open++;
      }
      opts.onSent?.(s, this.tally.sent);
      this.last.push(describe(s));
      if (this.last.length > 3) this.last.shift();
      this.tally.sent++;
      this.tally.bytes += Buffer.byteLength(s.text);
      await this.raw.send(s.text).catch(() => undefined);
      // Give the stream a moment to report a close this stanza caused before sending the next.
      if (this.raw.closed !== undefined) await this.reconnect();
    }
    await this.settle(answerMs);
    return this.tally;
  }

  /** Waits until every IQ is answered or `answerMs` passed since it was sent. */
  async settle(answerMs: number): Promise<void> {
    while (this.open > 0) {
      this.expire(answerMs);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await this.raw?.close();
  }

  private expire(answerMs: number): void {
    const now = Date.now();
    for (const p of this.books.values()) {
      if (p.expected === 1 && p.got === 0 && now - p.sentAt > answerMs && p.sentAt > 0) {
        this.tally.iqs.none++;
        if (this.tally.unanswered.length < 20) this.tally.unanswered.push(p.what);
        p.sentAt = 0; // counted once; a late answer still lands in onReply
        this.open--;
      }
    }
  }

  private async reconnect(): Promise<void> {
    this.tally.streamsLost.push(`${this.raw.closed}; the last stanzas sent: ${this.last.join(' || ')}`);
    for (const p of this.books.values())
      if (p.expected === 1 && p.got === 0 && p.sentAt > 0) {
        this.tally.lostWithStream++;
        p.sentAt = 0;
        p.got = -1;
      }
    this.open = 0;
    await this.start();
  }

  private onReply(el: Element): void {
    const type = el.attrs.type;
    if (el.name !== 'iq' || (type !== 'result' && type !== 'error')) return;
    const p = this.books.get(String(el.attrs.id));
    if (p === undefined || p.got < 0) return;
    p.got++;
    if (p.expected === 0) {
      this.tally.iqs.unsolicited++;
      if (this.tally.duplicated.length < 20) this.tally.duplicated.push(`answered a ${type}: ${p.what}`);
    } else if (p.got > 1) {
      this.tally.iqs.duplicate++;
      if (this.tally.duplicated.length < 20) this.tally.duplicated.push(p.what);
    } else {
      this.tally.iqs[type === 'result' ? 'result' : 'error']++;
      if (p.sentAt > 0) this.open--;
      else this.tally.iqs.none--; // late, but exactly once
    }
  }
}
