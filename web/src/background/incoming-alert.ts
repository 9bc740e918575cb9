// An incoming call while the page is out of sight (another tab, minimised, installed app in the
// background): the tab title says so, and a system notification appears when the user allowed
// them (the button in the "Settings" card; never asked at page load). Both go away when the
// ringing stops for any reason (answered, declined, cancelled, answered on another device).
// Notifications go through the service worker when there is one, whose `notificationclick`
// focuses the app (web/src/offline/service-worker.ts); otherwise a page Notification does it.
import { workerRegistration } from '../offline/register.js';

export interface IncomingAlert {
  close(): void;
}

const TITLE_PREFIX = 'Incoming call – ';

export const notificationsSupported = (): boolean => typeof Notification !== 'undefined';

/**
 * The worker's notification (its click focuses the app). A refusal used to be swallowed: a CI run
 * once showed the title but no notification, with nothing to say why. Now one more try a second
 * later, a console warning with the reason, and false (the caller shows a page notification, so
 * the user is still told).
 */
async function showInWorker(
  reg: ServiceWorkerRegistration,
  title: string,
  options: NotificationOptions,
): Promise<boolean> {
  for (const wait of [0, 1000]) {
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      await reg.showNotification(title, options);
      return true;
    } catch (e) {
      console.warn('jingle-bridge: the service worker could not show the call notification:', e);
    }
  }
  return false;
}

export function incomingAlert(opts: { id: string; name: string; video: boolean }): IncomingAlert {
  const title = `${TITLE_PREFIX}${opts.name}`;
  const before = document.title.startsWith(TITLE_PREFIX) ? undefined : document.title;
  document.title = title;
  const tag = `call-${opts.id}`;
  let closed = false;
  let page: Notification | undefined;

  async function notify(): Promise<void> {
    if (!notificationsSupported() || Notification.permission !== 'granted') return;
    const options: NotificationOptions = {
      body: `${opts.video ? 'Video' : 'Audio'} call from ${opts.name}`,
      tag,
      icon: './icons/icon-192.png',
      requireInteraction: true,
    };
    const reg = await workerRegistration();
    if (closed) return;
    if (reg?.active && (await showInWorker(reg, title, options))) {
      if (closed) void closeWorkerNotifications();
      return;
    }
    if (closed) return;
    page = new Notification(title, options);
    page.onclick = () => {
      window.focus();
      page?.close();
    };
  }
  async function closeWorkerNotifications(): Promise<void> {
    const reg = await workerRegistration();
    for (const n of (await reg?.getNotifications({ tag }).catch(() => [])) ?? []) n.close();
  }
  // Only when out of sight: in a visible page the ringing dialog is enough. Going out of sight
  // while it rings raises it then.
  let notified = false;
  const onVisibility = () => {
    if (document.visibilityState === 'hidden' && !notified && !closed) {
      notified = true;
      void notify();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  onVisibility();

  return {
    close() {
      if (closed) return;
      closed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      if (document.title === title && before !== undefined) document.title = before;
      page?.close();
      if (notified) void closeWorkerNotifications();
    },
  };
}
