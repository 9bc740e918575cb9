// XEP-0050 v1.3 "Create call link" on the component domain. Two stages: execute -> form
// (status executing, with a sessionid bound to the requester's full JID), complete -> result form
// with the link. A first request that already carries a submit form completes at once.
import { Element } from 'ltx';
import { randomBytes } from 'node:crypto';
import { bareJid, jidDomain, sameJid } from '../jingle/jid.js';
import { NS_COMMANDS } from '../jingle/ns.js';
import { formElement, submittedValues, type FormField } from './dataform.js';
import type { IqOutcome } from './router.js';
import { LinkUse, newLinkId, signLink } from './token.js';

export const CREATE_CALL_LINK_NODE = 'urn:jingle-bridge:create-call-link';
export const CREATE_CALL_LINK_NAME = 'Create call link';

/** Offered link lifetimes, seconds -> label. */
export const EXPIRY_CHOICES = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
] as const;
export const USE_CHOICES = [
  { value: LinkUse.single, label: 'One call' },
  { value: LinkUse.multiple, label: 'Any number of calls' },
] as const;

const SESSION_TTL_MS = 10 * 60_000;
const MAX_SESSIONS = 1000;

export interface AdhocOptions {
  /** Only users of this domain may create links. */
  userDomain: string;
  publicUrl: string;
  linkKey: Buffer;
  now: () => number;
  newSessionId?: () => string;
}

export class CallLinkCommand {
  readonly #sessions = new Map<string, { requester: string; expiresAt: number }>();
  readonly #newSessionId: () => string;

  constructor(private readonly opts: AdhocOptions) {
    this.#newSessionId = opts.newSessionId ?? (() => randomBytes(12).toString('base64url'));
  }

  mayUse(requester: string): boolean {
    return jidDomain(requester).toLowerCase() === this.opts.userDomain;
  }

  /** An IQ set whose child is <command xmlns='http://jabber.org/protocol/commands'/>. */
  execute(iq: Element, command: Element): IqOutcome {
    const requester = iq.attrs['from'] as string;
    const now = this.opts.now();
    for (const [id, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(id);
    if (command.attrs['node'] !== CREATE_CALL_LINK_NODE) return { error: 'itemNotFound' };
    if (!this.mayUse(requester))
      return { error: 'forbidden', text: `Only users of ${this.opts.userDomain} can create call links` };
    const action = (command.attrs['action'] as string | undefined) ?? 'execute';
    if (!['execute', 'complete', 'cancel', 'next', 'prev'].includes(action))
      return { error: 'malformedAction' };
    const sessionId = command.attrs['sessionid'] as string | undefined;

    if (sessionId === undefined) {
      if (action !== 'execute') return { error: 'badSessionid' };
      const values = submittedValues(command);
      if (values !== undefined) return this.#complete(requester, values, this.#newSessionId());
      if (this.#sessions.size >= MAX_SESSIONS) return { error: 'resourceConstraint' };
      const id = this.#newSessionId();
      this.#sessions.set(id, { requester, expiresAt: now + SESSION_TTL_MS });
      return { result: this.#formStage(id) };
    }
    const session = this.#sessions.get(sessionId);
    // A session id of someone else is treated like an unknown one: nothing about it leaks.
    if (session === undefined || !sameJid(session.requester, requester)) return { error: 'badSessionid' };
    if (action === 'cancel') {
      this.#sessions.delete(sessionId);
      return { result: commandEl(sessionId, 'canceled') };
    }
    if (action === 'next' || action === 'prev') return { error: 'badAction' };
    const values = submittedValues(command);
    if (values === undefined) return { error: 'badPayload', text: 'Submit the form to create the link' };
    const outcome = this.#complete(requester, values, sessionId);
    if ('result' in outcome) this.#sessions.delete(sessionId);
    return outcome;
  }

  #formStage(sessionId: string): Element {
    const el = commandEl(sessionId, 'executing');
    el.c('actions', { execute: 'complete' }).c('complete');
    const fields: FormField[] = [
      {
        var: 'expiry',
        type: 'list-single',
        label: 'Link valid for',
        value: '86400',
        options: EXPIRY_CHOICES,
        required: true,
      },
      {
        var: 'use',
        type: 'list-single',
        label: 'Use',
        value: LinkUse.single,
        options: USE_CHOICES,
        required: true,
      },
    ];
    el.cnode(
      formElement(
        'form',
        CREATE_CALL_LINK_NAME,
        fields,
        'Anyone with the link can call you from a web browser.',
      ),
    );
    return el;
  }

  #complete(requester: string, values: Map<string, string[]>, sessionId: string): IqOutcome {
    const expiry = single(values, 'expiry') ?? '86400';
    const use = single(values, 'use') ?? LinkUse.single;
    const seconds = EXPIRY_CHOICES.find((c) => c.value === expiry)?.value;
    if (seconds === undefined)
      return {
        error: 'badPayload',
        text: `expiry must be one of ${EXPIRY_CHOICES.map((c) => c.value).join(', ')}`,
      };
    if (use !== LinkUse.single && use !== LinkUse.multiple)
      return { error: 'badPayload', text: 'use must be single or multiple' };
    const expiresAt = Math.floor((this.opts.now() + Number(seconds) * 1000) / 1000) * 1000;
    const token = signLink(
      { owner: bareJid(requester).toLowerCase(), expiresAt, use, id: newLinkId() },
      this.opts.linkKey,
    );
    const url = `${this.opts.publicUrl}/call/${token}`;
    const el = commandEl(sessionId, 'completed');
    el.c('note', { type: 'info' }).t(`Your call link: ${url}`);
    el.cnode(
      formElement('result', 'Call link', [
        { var: 'url', type: 'text-single', label: 'Call link', value: url },
        {
          var: 'expires',
          type: 'text-single',
          label: 'Valid until',
          value: new Date(expiresAt).toISOString(),
        },
        { var: 'use', type: 'text-single', label: 'Use', value: use },
      ]),
    );
    return { result: el };
  }
}

function commandEl(sessionId: string, status: 'executing' | 'completed' | 'canceled'): Element {
  return new Element('command', {
    xmlns: NS_COMMANDS,
    node: CREATE_CALL_LINK_NODE,
    sessionid: sessionId,
    status,
  });
}

/** A list-single value: absent, or exactly one (XEP-0004 §3.3). Several values make it invalid. */
function single(values: Map<string, string[]>, name: string): string | undefined {
  const v = values.get(name);
  if (v === undefined || v.length === 0) return undefined;
  return v.length === 1 ? v[0] : '\u0000invalid';
}
