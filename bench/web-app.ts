// `npm run bench -- web-app`: the web app's size and how fast it reaches its sign-in screen
// (issue #13: the service worker must not slow the first load). Builds web/dist with Vite, prints
// the gzipped (level 9) size of every file the first load fetches (index.html, JS, CSS; not source
// maps, icons or the manifest), then serves it with the stack's server (src/stack/web.ts) and opens
// it RUNS times in headless Chromium: "first" is a fresh profile (nothing cached, no service
// worker), "repeat" is a reload in the same context (service worker in control where there is one).
// The time is performance.now() when the "Sign in" button exists, i.e. from navigation start.
// Results: docs/benchmarks.md "Web app". Runs in the loopback namespace like the other benches.
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../tests/support/chromium.js';
import { WEB_DIST, buildWebApp } from '../tests/support/web-app.js';
import { startWebServer } from '../src/stack/web.js';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);

function sizes(): Array<{ file: string; raw: number; gzip: number }> {
  const files = ['index.html', ...readdirSync(`${WEB_DIST}/assets`).map((f) => `assets/${f}`)].filter((f) =>
    /\.(html|js|css)$/.test(f),
  );
  return files.map((file) => {
    const bytes = readFileSync(`${WEB_DIST}/${file}`);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

await buildWebApp();
const s = sizes();
for (const f of s) console.log(`${f.file}: ${kib(f.raw)} minified, ${kib(f.gzip)} gzipped`);
console.log(
  `total: ${kib(s.reduce((a, f) => a + f.raw, 0))}, ${kib(s.reduce((a, f) => a + f.gzip, 0))} gzipped`,
);

const server = await startWebServer({
  host: '127.0.0.1',
  port: 0,
  root: WEB_DIST,
  config: {
    service: 'ws://127.0.0.1:1/xmpp-websocket',
    domain: 'localhost',
    componentDomain: 'bridge.localhost',
  },
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const browser = await launchChromium();
const first: number[] = [];
const repeat: number[] = [];
const signInAt = `new Promise((resolve) => {
  const check = () => (document.querySelector('button[type=submit]') ? resolve(performance.now()) : requestAnimationFrame(check));
  check();
})`;
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    first.push(Number(await page.evaluate(signInAt)));
    // Let a service worker (if any) install and take control before the repeat visit.
    await page.evaluate(
      'navigator.serviceWorker ? navigator.serviceWorker.getRegistration().then((r) => r && navigator.serviceWorker.ready) : undefined',
    );
    await page.reload();
    repeat.push(Number(await page.evaluate(signInAt)));
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(
  `time to the sign-in screen, median of ${RUNS}: first ${median(first).toFixed(0)} ms, repeat ${median(repeat).toFixed(0)} ms`,
);
console.log(`first: ${first.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`repeat: ${repeat.map((x) => x.toFixed(0)).join(' ')}`);
