// Adding a contact and answering subscription requests (RFC 6121 §3). Approving also asks for the
// requester's presence, so both sides see each other, which is what people expect of "approve".
import type { Client, SubscriptionEvent } from '../../../src/client/index.js';
import { h, icon, replace, srOnly, uid } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';

const JID_RE = /^[^@/\s]+@[^@/\s]+$/;

export interface RequestsCard {
  el: HTMLElement;
  onSubscription(e: SubscriptionEvent): void;
}

export function requestsCard(client: Client, announce: (text: string) => void): RequestsCard {
  const pending = new Map<string, string | undefined>();
  const input = h('input', {
    type: 'text',
    id: uid('add'),
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
    placeholder: 'name@example.org',
  });
  const error = h('p', { class: 'alert alert-error', role: 'alert' });
  const list = h('ul', { class: 'requests', 'aria-label': 'Contact requests' });
  const requestsHead = h('h2', {}, 'Contact requests');

  async function add(e: Event): Promise<void> {
    e.preventDefault();
    const jid = input.value.trim();
    error.textContent = '';
    if (!JID_RE.test(jid)) {
      error.textContent = 'Enter an address like name@example.org.';
      input.focus();
      return;
    }
    try {
      await client.roster.add(jid);
      // RFC 6121 §3.4 pre-approval: when they ask back, their request is approved at once.
      await client.roster.approve(jid);
      input.value = '';
      announce(`Asked ${jid} to share their status with you.`);
    } catch (err) {
      error.textContent = `Could not add ${jid}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function answer(jid: string, approve: boolean): Promise<void> {
    pending.delete(jid);
    render();
    try {
      if (approve) {
        await client.roster.approve(jid);
        const item = client.roster.list().find((i) => i.jid === jid);
        if (item?.subscription !== 'to' && item?.subscription !== 'both') await client.roster.add(jid);
        announce(`${jid} is now a contact.`);
      } else {
        await client.roster.deny(jid);
        announce(`Request from ${jid} denied.`);
      }
    } catch (err) {
      error.textContent = `Could not answer ${jid}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  function render(): void {
    replace(
      list,
      ...[...pending].map(([jid, status]) =>
        h(
          'li',
          { class: 'contact' },
          avatar(jid, jid),
          h(
            'div',
            { class: 'contact-text' },
            h('span', { class: 'contact-name' }, jid),
            h('span', { class: 'contact-sub' }, status ?? 'Wants to add you as a contact'),
          ),
          h(
            'div',
            { class: 'contact-actions' },
            h(
              'button',
              { type: 'button', class: 'btn btn-primary', onclick: () => void answer(jid, true) },
              'Approve',
              srOnly(` ${jid}`),
            ),
            h(
              'button',
              { type: 'button', class: 'btn', onclick: () => void answer(jid, false) },
              'Deny',
              srOnly(` ${jid}`),
            ),
          ),
        ),
      ),
    );
    requestsHead.hidden = list.hidden = pending.size === 0;
  }

  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'add-title' },
    h('h2', { id: 'add-title' }, 'Add contact'),
    h(
      'form',
      { class: 'field', onsubmit: (e: Event) => void add(e) },
      h('label', { for: input.id }, 'Contact address'),
      h(
        'div',
        { class: 'row' },
        input,
        h('button', { type: 'submit', class: 'btn btn-primary' }, icon(...ICONS.plus), 'Add contact'),
      ),
    ),
    error,
    requestsHead,
    list,
  );
  render();
  return {
    el,
    onSubscription(e) {
      if (e.kind === 'subscribe') {
        pending.set(e.from, e.status);
        render();
        announce(`${e.from} wants to add you as a contact.`);
      } else if (e.kind === 'unsubscribe' && pending.delete(e.from)) render();
    },
  };
}
