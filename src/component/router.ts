// Dispatch of every stanza the server hands the component, by the local part of `to`: '' is the
// component domain, 'echo' the echo bot, 'guest-<id>' a web guest. Whatever no handler takes gets
// the RFC 6120 answer, and no input can make `route` throw.
import type { Element } from 'ltx';
import { bareJid, jidDomain } from '../jingle/jid.js';
import { errorReply, iqResult, type StanzaErrorName } from './stanza-errors.js';

/**
 * An IQ handler's answer: a result (optionally with payload) or a registry error, or `replied` when the
 * handler sent its own answer (the Jingle call layer: XEP-0166 error conditions, and ack-before-
 * follow-up ordering, XEP-0166 §6.3).
 */
export type IqOutcome =
  { result: Element | undefined } | { error: StanzaErrorName; text?: string } | { replied: true };

export interface EntityHandler {
  /** get/set IQs with exactly one child. undefined: not mine (-> service-unavailable, RFC 6120 §8.4). */
  iq?(iq: Element): IqOutcome | undefined | Promise<IqOutcome | undefined>;
  /** Returns stanzas to send in reply (possibly none). */
  message?(message: Element): Element[] | Promise<Element[]>;
  presence?(presence: Element): Element[] | Promise<Element[]>;
}

export type ReportError = (err: unknown, stanza: Element) => void;

export class XmppRouter {
  readonly #domains: ReadonlySet<string>;

  constructor(
    readonly domain: string,
    private readonly resolve: (local: string) => EntityHandler | undefined,
    private readonly report: ReportError = () => {},
    /** More domains this connection serves (an instance's own address in a cluster, docs/scaling.md). */
    also: readonly string[] = [],
  ) {
    this.#domains = new Set([domain, ...also]);
  }

  /** The stanzas to send in answer to `stanza`. */
  async route(stanza: Element): Promise<Element[]> {
    try {
      return await this.#route(stanza);
    } catch (err) {
      this.report(err, stanza);
      return canAnswer(stanza) ? [errorReply(stanza, 'internalServerError')] : [];
    }
  }

  async #route(stanza: Element): Promise<Element[]> {
    const { type, from, to } = stanza.attrs as Record<string, unknown>;
    // RFC 6120 §8.3.1: never answer an error; results with no waiting caller are dropped (§8.2.3).
    if (type === 'error' || (stanza.name === 'iq' && type === 'result')) return [];
    // The server stamps both addresses; without them there is no one to answer. Stanzas claiming to
    // come from our own domain can only be loops or spoofs: answering them would talk to ourselves.
    if (typeof from !== 'string' || typeof to !== 'string' || from === '' || to === '') return [];
    if (this.#domains.has(jidDomain(from).toLowerCase())) return [];
    if (stanza.name === 'iq' && type !== 'get' && type !== 'set') return [errorReply(stanza, 'badRequest')];
    if (stanza.name !== 'iq' && stanza.name !== 'message' && stanza.name !== 'presence') return [];

    const bare = bareJid(to).toLowerCase();
    const at = bare.indexOf('@');
    const handler = this.#domains.has(jidDomain(bare))
      ? this.resolve(at === -1 ? '' : bare.slice(0, at))
      : undefined;
    if (handler === undefined) {
      // RFC 6120 §10.5.3.2/§8.5.2: presence to nobody is dropped silently.
      return stanza.name === 'presence' ? [] : [errorReply(stanza, 'itemNotFound')];
    }
    if (stanza.name === 'presence') return (await handler.presence?.(stanza)) ?? [];
    if (stanza.name === 'message') return (await handler.message?.(stanza)) ?? [];
    // RFC 6120 §8.2.3: a get or set IQ has exactly one payload element.
    if (stanza.getChildElements().length !== 1) return [errorReply(stanza, 'badRequest')];
    const outcome = await handler.iq?.(stanza);
    if (outcome === undefined) return [errorReply(stanza, 'serviceUnavailable')];
    if ('replied' in outcome) return [];
    if ('error' in outcome) return [errorReply(stanza, outcome.error, outcome.text)];
    return [iqResult(stanza, outcome.result)];
  }
}

const canAnswer = (s: Element): boolean =>
  s.attrs['type'] !== 'error' && s.attrs['type'] !== 'result' && ['iq', 'message'].includes(s.name);
