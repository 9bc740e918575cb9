// The service worker (built to dist/sw.js by web/vite.config.ts, which fills in SHELL): keeps the
// app shell (index.html, the hashed JS and CSS, manifest and icons) so the app installs and opens
// without a network, at the sign-in screen that says so (docs/web-app.md "Installing and offline").
// Only the shell: /config.json, XEP-0156 look-ups and anything cross-origin go to the network
// untouched, and the XMPP WebSocket never passes through a service worker (WebSockets are not
// fetches). It also shows incoming-call notifications and brings the app forward on a click.

/** Filled in at build time: the cache name (changes with every build) and the shell's files. */
declare const SHELL: { cache: string; files: string[] };

// The DOM lib has no service-worker scope types; these are the few parts used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  postMessage(message: unknown): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const scope = new URL(sw.registration.scope);
const shellUrls = new Set(SHELL.files.map((f) => new URL(f, scope).href));
const INDEX = new URL('index.html', scope).href;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(SHELL.cache)
      .then((c) => c.addAll([...shellUrls]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL.cache).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope.origin) return;
  url.search = '';
  url.hash = '';
  if (shellUrls.has(url.href)) {
    // Cache first: every file of a build has its own cache, and a new build installs a new worker
    // (sw.js differs) that replaces the whole cache; so the shell never mixes two builds.
    e.respondWith(caches.match(url.href).then((hit) => hit ?? fetch(req)));
  } else if (req.mode === 'navigate') {
    // Client-side routes and "/": the network when there is one, else the cached shell.
    e.respondWith(fetch(req).catch(() => caches.match(INDEX).then((hit) => hit ?? Response.error())));
  }
  // Everything else (/config.json above all) is left to the network.
});

sw.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(
    sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (list) => {
      const client = list.find((c) => c.url.startsWith(scope.href)) ?? list[0];
      if (!client) return void (await sw.clients.openWindow(scope.href));
      await client.focus();
      client.postMessage({ type: 'notification-click', tag: e.notification.tag });
    }),
  );
});
