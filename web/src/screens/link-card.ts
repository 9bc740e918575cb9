// The "Create call link" card (issue #6). Contract: button "Create call link", read-only field
// "Call link", button "Copy".
import type { Client } from '../../../src/client/index.js';
import { LINK_EXPIRY, LINK_USE, callLinkError, createCallLink } from '../call-link.js';
import type { LinkExpiry, LinkUse } from '../call-link.js';
import { h, icon, uid } from '../dom.js';
import { ICONS } from '../ui/icons.js';

function select(
  label: string,
  options: ReadonlyArray<{ value: string; label: string }>,
  value: string,
): [HTMLElement, HTMLSelectElement] {
  const s = h(
    'select',
    { id: uid('sel') },
    ...options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)),
  );
  return [h('div', { class: 'field' }, h('label', { for: s.id }, label), s), s];
}

export function linkCard(
  client: Client,
  componentDomain: string,
  announce: (text: string) => void,
): HTMLElement {
  const [expiryField, expiry] = select('Link valid for', LINK_EXPIRY, '86400');
  const [useField, use] = select('Use', LINK_USE, 'single');
  const error = h('p', { class: 'alert alert-error', role: 'alert' });
  const output = h('div', { class: 'field', hidden: true });
  const create = h(
    'button',
    { type: 'button', class: 'btn btn-primary', onclick: () => void run() },
    icon(...ICONS.link),
    'Create call link',
  );

  async function run(): Promise<void> {
    create.disabled = true;
    error.textContent = '';
    try {
      const link = await createCallLink(client, componentDomain, {
        expiry: expiry.value as LinkExpiry,
        use: use.value as LinkUse,
      });
      show(link.url, link.expires);
      announce('Call link created.');
    } catch (e) {
      error.textContent = callLinkError(e, componentDomain);
    } finally {
      create.disabled = false;
    }
  }

  function show(url: string, expires: string | undefined): void {
    const input = h('input', { type: 'text', id: uid('link'), readonly: true, value: url });
    const copied = h('span', { class: 'hint', role: 'status' });
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        onclick: async () => {
          input.select();
          try {
            await navigator.clipboard.writeText(url);
            copied.textContent = 'Copied to the clipboard.';
          } catch {
            copied.textContent = 'Press Ctrl+C (or ⌘C) to copy the selected link.';
          }
        },
      },
      icon(...ICONS.copy),
      'Copy',
    );
    const until = expires ? new Date(expires) : undefined;
    output.replaceChildren(
      h('label', { for: input.id }, 'Call link'),
      h('div', { class: 'row' }, input, copy),
      h(
        'p',
        { class: 'hint' },
        until && !Number.isNaN(until.getTime()) ? `Valid until ${until.toLocaleString()}. ` : '',
        'Anyone with this link can call you from a web browser.',
      ),
      copied,
    );
    output.hidden = false;
    input.focus();
    input.select();
  }

  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'link-title' },
    h('h2', { id: 'link-title' }, 'Guest access'),
    h('p', { class: 'hint' }, 'Let people without an XMPP account call you from their browser.'),
    h('div', { class: 'row' }, expiryField, useField),
    h('div', {}, create),
    error,
    output,
  );
}
