// The SDP fixtures that must survive the translator: every file in tests/fixtures/sdp (browser
// captures, and the published captures listed in manifest.json). Types come from the manifests,
// else from a=setup (actpass = offer).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SdpFixture {
  file: string;
  path: string;
  type: 'offer' | 'answer';
}

const ROOT = join(import.meta.dirname, '..', '..');
const OWN = join(ROOT, 'tests', 'fixtures', 'sdp');

function manifestTypes(dir: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!name.endsWith('.json')) continue;
    const entries: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (!Array.isArray(entries)) continue;
    for (const e of entries as { file?: unknown; type?: unknown }[]) {
      if (typeof e.file === 'string' && typeof e.type === 'string') types.set(e.file, e.type);
    }
  }
  return types;
}

function listDir(dir: string): SdpFixture[] {
  const types = manifestTypes(dir);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sdp'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const declared = types.get(file);
      const type =
        declared === 'offer' || declared === 'answer'
          ? declared
          : /^a=setup:actpass/m.test(readFileSync(path, 'utf8'))
            ? 'offer'
            : 'answer';
      return { file, path, type };
    });
}

export function fixtureFiles(): SdpFixture[] {
  return existsSync(OWN) ? listDir(OWN) : [];
}

/**
 * The same SDP with a line break after its last line and no blank lines before v=, in the file's
 * own line-break style. Several shared fixtures were copied out of source-code strings without
 * them, and Chromium's parser rejects unterminated lines (RFC 8866 §5: every line ends in CRLF).
 */
export function terminated(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const body = sdp.replace(/^(\r?\n)+/, '');
  return body.endsWith('\n') ? body : body + eol;
}
