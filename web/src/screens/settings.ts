// The "Settings" card: call notifications (issue #13). The browser's permission prompt only ever
// comes from the "Allow call notifications" button, never at page load (browsers penalise origins
// that ask unprompted, and people deny what they did not ask for).
import { notificationsSupported } from '../background/incoming-alert.js';
import { h } from '../dom.js';

const WORDS: Record<NotificationPermission, string> = {
  default: 'Get a system notification when a call comes in while this tab is in the background.',
  granted:
    'Call notifications are on: a call that comes in while this tab is in the background shows a system notification.',
  denied:
    'Notifications are blocked for this site. Allow them in the browser’s site settings to be notified of calls.',
};

export function settingsCard(extra: HTMLElement[] = []): HTMLElement {
  const state = h('p', { class: 'hint', role: 'status' });
  const allow = h(
    'button',
    { type: 'button', class: 'btn', onclick: () => void ask() },
    'Allow call notifications',
  );
  function render(): void {
    if (!notificationsSupported()) {
      state.textContent = 'This browser has no system notifications.';
      allow.hidden = true;
      return;
    }
    state.textContent = WORDS[Notification.permission];
    allow.hidden = Notification.permission !== 'default';
  }
  async function ask(): Promise<void> {
    allow.disabled = true;
    await Notification.requestPermission().catch(() => undefined);
    allow.disabled = false;
    render();
  }
  render();
  // Changed in the browser's site settings while the app is open: follow it.
  void navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => status.addEventListener('change', render))
    .catch(() => undefined);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'settings-title' },
    h('h2', { id: 'settings-title' }, 'Settings'),
    h('h3', {}, 'Notifications'),
    state,
    h('div', {}, allow),
    ...extra,
  );
}
