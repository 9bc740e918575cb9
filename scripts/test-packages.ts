// `npm test` on a fresh Debian 12 machine: the Debian packages the tests run against, installed the
// way `npm start` installs its own (src/stack/prereq.ts: as root, packaged services kept from
// starting; otherwise the exact apt-get command). Runs before the loopback-only namespace, which has
// no network for apt. Never fails the run itself: a test without its server then says why.
import { ensurePackages, STACK_PACKAGES } from '../src/stack/prereq.js';

/**
 * Prosody and coturn (integration), Chromium (e2e), ejabberd and Firefox ESR (interop), Redis (the
 * cluster tests' link store), unshare's `ip` (namespace).
 */
export const TEST_PACKAGES = [
  ...STACK_PACKAGES,
  'chromium',
  'ejabberd',
  'firefox-esr',
  'redis-server',
  'iproute2',
] as const;

const r = ensurePackages(TEST_PACKAGES, true, (line) => console.log(line));
if (!r.ok) console.error(`${r.message}\ntests that need them will fail until they are installed`);
