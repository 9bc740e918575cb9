// Lenient input (jingle-requirements.md §16.14, §17): every XEP example and real-client stanza that
// holds Jingle media translates to SDP, and the result is pinned by a golden file.
// Regenerate the goldens with: UPDATE_GOLDEN=1 npx vitest run tests/unit/jingle/lenient.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'sdp-transform';
import { candidatesFromJingle, jingleToSdp } from '../../../src/jingle/index.js';
import { lenientCorpus } from './stanzas.js';

const GOLDEN = 'tests/fixtures/golden/';
const update = process.env['UPDATE_GOLDEN'] === '1';

describe('jingleToSdp on every XEP example and interop stanza', () => {
  for (const { name, el } of lenientCorpus()) {
    test(`${name} translates to the golden SDP`, () => {
      // The initiator wrote session-initiate; for everything else the role only picks the setup default.
      const sdp = jingleToSdp(el, { role: 'initiator' });
      const file = `${GOLDEN}${name}.sdp`;
      if (update || !existsSync(file)) writeFileSync(file, sdp);
      expect(sdp).toBe(readFileSync(file, 'utf8'));
      // Every line is well-formed and sdp-transform finds nothing it cannot read.
      for (const line of sdp.slice(0, -2).split('\r\n')) expect(line).toMatch(/^[a-z]=[^\r\n]*$/);
      const parsed = parse(sdp);
      expect([parsed.invalid ?? [], ...parsed.media.map((m) => m.invalid ?? [])].flat()).toEqual([]);
    });
    // transport-info and transport fragments carry no media: their candidates are pinned instead.
    const cands = candidatesFromJingle(el);
    if (cands.length > 0) {
      test(`${name} yields the golden trickle candidates`, () => {
        const text = cands.map((c) => `${c.sdpMid} ${c.usernameFragment} a=${c.candidate}`).join('\n') + '\n';
        const file = `${GOLDEN}${name}.candidates`;
        if (update || !existsSync(file)) writeFileSync(file, text);
        expect(text).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
