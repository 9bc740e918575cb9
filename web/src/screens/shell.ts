// The signed-in screen: top bar (who we are, availability, "Sign out"), the connection banner, and
// the panels. Status messages go to one polite live region; alerts to an assertive one.
import type { Availability, Client } from '../../../src/client/index.js';
import { h, icon, uid } from '../dom.js';
import { avatar } from '../ui/avatar.js';
import { ICONS } from '../ui/icons.js';
import { SHOW_WORDS } from '../words.js';

export interface Shell {
  el: HTMLElement;
  main: HTMLElement;
  side: HTMLElement;
  aside: HTMLElement;
  /** Where dialogs and the call stage go. */
  layer: HTMLElement;
  setBanner(text: string): void;
  announce(text: string): void;
  alert(text: string): void;
}

const CHOICES: Availability[] = ['available', 'away', 'dnd'];

export function shell(client: Client, bare: string, signOut: () => void): Shell {
  const banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite' });
  const live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const alertBox = h('div', { class: 'alert alert-error', role: 'alert' });
  const selectId = uid('show');
  const select = h(
    'select',
    {
      id: selectId,
      onchange: () => void client.presence.set(select.value as Availability).catch(() => undefined),
    },
    ...CHOICES.map((c) =>
      h('option', { value: c, selected: client.presence.own().availability === c }, SHOW_WORDS[c] ?? c),
    ),
  );
  const side = h('div', { class: 'side' });
  const aside = h('div', { class: 'side' });
  const main = h('main', { class: 'main', id: 'main', tabindex: '-1' }, side, aside);
  const layer = h('div', {});
  const el = h(
    'div',
    { class: 'shell' },
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'brand-mark' }, icon(...ICONS.phone)),
        h('h1', {}, 'jingle-bridge'),
      ),
      h(
        'div',
        { class: 'me' },
        avatar(bare, bare),
        h('span', { class: 'me-jid' }, bare),
        h('label', { for: selectId, class: 'sr-only' }, 'Your status'),
        select,
        h('button', { type: 'button', class: 'btn', onclick: signOut }, 'Sign out'),
      ),
    ),
    banner,
    h('div', {}, alertBox, main),
    live,
    layer,
  );
  // While a dialog or the call stage is up, everything behind it is inert (no focus, no clicks):
  // the WAI-ARIA APG modal dialog pattern without a focus-trap library.
  const behind = [...el.children].filter((c): c is HTMLElement => c !== layer && c instanceof HTMLElement);
  new MutationObserver(() => {
    for (const b of behind) b.inert = layer.childElementCount > 0;
  }).observe(layer, { childList: true });
  let alertTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    el,
    main,
    side,
    aside,
    layer,
    setBanner: (text) => void (banner.textContent = text),
    announce: (text) => void (live.textContent = text),
    alert(text) {
      alertBox.textContent = text;
      clearTimeout(alertTimer);
      alertTimer = setTimeout(() => (alertBox.textContent = ''), 8000);
    },
  };
}
