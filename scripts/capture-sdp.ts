// `npm run capture:sdp`: captures every scenario of tests/support/sdp-capture.ts from Debian's
// Chromium and writes tests/fixtures/sdp/chromium<major>-<scenario>-<offer|answer>.sdp (Chromium's
// exact bytes, CRLF) plus tests/fixtures/sdp/chromium-captures.json. Run it inside a loopback-only
// namespace so every candidate is 127.0.0.1/::1 (docs/testing.md):
//   unshare --net sh -c 'ip link set lo up && exec npm run capture:sdp'
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, newMediaPage } from '../tests/support/chromium.js';
import { loopbackOnly } from '../tests/support/netns.js';
import { SCENARIOS, SCENARIO_NAMES, captureScenario } from '../tests/support/sdp-capture.js';
import { sdpFeatures } from '../tests/support/sdp-features.js';

// An optional argument writes elsewhere (to compare a new Chromium without touching the fixtures).
const OUT = process.argv[2] ?? join(import.meta.dirname, '..', 'tests', 'fixtures', 'sdp');

if (!loopbackOnly()) {
  console.error(
    "not in a loopback-only namespace: run `unshare --net sh -c 'ip link set lo up && exec npm run capture:sdp'`",
  );
  process.exit(1);
}

const browser = await launchChromium();
try {
  const page = await newMediaPage(browser);
  const version = browser.version();
  const major = version.split('.')[0] ?? 'unknown';
  const manifest = [];
  mkdirSync(OUT, { recursive: true });
  for (const scenario of SCENARIO_NAMES) {
    const capture = await captureScenario(page, scenario);
    for (const type of ['offer', 'answer'] as const) {
      const file = `chromium${major}-${scenario}-${type}.sdp`;
      writeFileSync(join(OUT, file), capture[type]);
      manifest.push({
        file,
        type,
        scenario,
        description: SCENARIOS[scenario],
        endpoint: `Chromium ${version} (Debian, headless)`,
        features: sdpFeatures(capture[type]),
      });
      console.log(`wrote ${file}`);
    }
  }
  writeFileSync(join(OUT, 'chromium-captures.json'), `${JSON.stringify(manifest, null, 2)}\n`);
} finally {
  await browser.close();
}
