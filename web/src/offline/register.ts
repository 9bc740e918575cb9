// Registers the service worker (service-worker.ts, built to sw.js) once the page has loaded, so it
// never competes with the first load; only in a build (the dev server has no sw.js; not
// `import.meta.env.PROD`, which follows NODE_ENV and is false in a build made under vitest) and where the
// browser has service workers (secure contexts: https, or http://127.0.0.1 / localhost).

/** True in `vite build` output, false on the dev server (web/vite.config.ts `define`). */
declare const __JB_SERVICE_WORKER__: boolean;

export function registerServiceWorker(): void {
  if (!__JB_SERVICE_WORKER__ || !('serviceWorker' in navigator)) return;
  const go = () =>
    void navigator.serviceWorker
      .register('./sw.js')
      // The app works without it (no install, no offline start): say why in the console only.
      .catch((e: unknown) => console.warn('jingle-bridge: service worker not registered:', e));
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

/** The worker's registration if one controls (or is about to control) this page. */
export async function workerRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return (await navigator.serviceWorker.getRegistration().catch(() => undefined)) ?? undefined;
}
