// The contact list with presence and call buttons. Contract: one <li> per contact holding its bare
// JID as text, with buttons named exactly "Audio call" and "Video call".
import type { Client, ResourcePresence, RosterItem } from '../../../src/client/index.js';
import { h, icon, replace, srOnly } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';
import { SHOW_WORDS } from '../words.js';

export interface ContactsCard {
  el: HTMLElement;
  render(): void;
}

/** The best resource's presence (highest priority, then most available) or undefined when offline. */
export function bestPresence(resources: readonly ResourcePresence[]): ResourcePresence | undefined {
  const rank = (s: string) => ['chat', 'available', 'away', 'xa', 'dnd'].indexOf(s);
  return [...resources].sort((a, b) => b.priority - a.priority || rank(a.show) - rank(b.show))[0];
}

export function presenceLine(p: ResourcePresence | undefined): string {
  if (!p) return 'Offline';
  const show = SHOW_WORDS[p.show] ?? 'Available';
  return p.status ? `${show} · ${p.status}` : show;
}

function callButton(
  label: 'Audio call' | 'Video call',
  offline: boolean,
  onClick: () => void,
): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost btn-icon',
      title: offline ? `${label} (offline)` : label,
      disabled: offline,
      onclick: onClick,
    },
    icon(...(label === 'Audio call' ? ICONS.phone : ICONS.video)),
    srOnly(label),
  );
}

export function contactsCard(client: Client, onCall: (jid: string, video: boolean) => void): ContactsCard {
  const list = h('ul', { class: 'contacts', 'aria-labelledby': 'contacts-title' });
  const empty = h('p', { class: 'empty' }, 'No contacts yet. Add someone by their address below.');
  const el = h(
    'section',
    { class: 'card', 'aria-labelledby': 'contacts-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'contacts-title' }, 'Contacts')),
    list,
    empty,
  );

  function item(c: RosterItem): HTMLLIElement {
    const p = bestPresence(client.presence.of(c.jid));
    const offline = p === undefined;
    const sub =
      c.pending && c.subscription !== 'both' && c.subscription !== 'to'
        ? 'Waiting for approval'
        : presenceLine(p);
    return h(
      'li',
      { class: 'contact', 'data-jid': c.jid, 'data-online': String(!offline) },
      avatar(c.jid, c.name ?? c.jid, { show: p?.show ?? 'offline' }),
      h(
        'div',
        { class: 'contact-text' },
        c.name ? h('span', { class: 'contact-name' }, c.name) : undefined,
        h('span', { class: c.name ? 'contact-sub' : 'contact-name' }, c.jid),
        h('span', { class: 'contact-sub' }, sub),
      ),
      h(
        'div',
        { class: 'contact-actions' },
        callButton('Audio call', offline, () => onCall(c.jid, false)),
        callButton('Video call', offline, () => onCall(c.jid, true)),
      ),
    );
  }

  function render(): void {
    const items = client.roster.list().sort((a, b) => {
      const online =
        Number(client.presence.of(b.jid).length > 0) - Number(client.presence.of(a.jid).length > 0);
      return online || (a.name ?? a.jid).localeCompare(b.name ?? b.jid);
    });
    // Keep focus on the same button across re-renders (presence updates arrive while tabbing).
    const active = document.activeElement;
    const focusKey =
      active instanceof HTMLButtonElement && list.contains(active)
        ? [active.closest('li')?.dataset['jid'], active.textContent]
        : undefined;
    replace(list, ...items.map(item));
    empty.hidden = items.length > 0;
    if (focusKey) {
      const li = [...list.children].find((x) => (x as HTMLElement).dataset['jid'] === focusKey[0]);
      [...(li?.querySelectorAll('button') ?? [])].find((b) => b.textContent === focusKey[1])?.focus();
    }
  }

  render();
  return { el, render };
}
