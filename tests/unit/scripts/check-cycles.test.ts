// scripts/check-cycles.mjs (run by `npm run lint` and scripts/test.mjs) on small throw-away trees:
// what it reports and its exit code, for a cycle, a type-only cycle, an import past a folder's
// index.ts, web/src reaching past the client's index, and a tree that keeps every rule.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/check-cycles.mjs', import.meta.url));
const trees: string[] = [];

function check(files: Record<string, string>): { status: number | null; out: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'jb-cycles-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: `${r.stderr}${r.stdout}`.trim().split('\n') };
}

afterEach(() => {
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('check-cycles', () => {
  it('a tree that keeps the rules passes', () => {
    expect(
      check({
        'src/jingle/sdp/index.ts': "export { parse } from './parse.js';\n",
        'src/jingle/sdp/parse.ts': 'export const parse = 1;\n',
        'src/jingle/sdp/walk.ts': "import { parse } from './parse.js';\nexport const walk = parse;\n",
        'src/client/index.ts': "import { parse } from '../jingle/sdp/index.js';\nexport const api = parse;\n",
        'web/src/app.ts': "import { api } from '../../src/client/index.js';\nexport const app = api;\n",
      }),
    ).toEqual({ status: 0, out: ['check-cycles: 5 files, 0 import cycle(s), 0 internal import(s)'] });
  });

  it('a cycle fails, type-only imports included', () => {
    expect(
      check({
        'src/jingle/a.ts': "import type { B } from './b.js';\nexport type A = B | 1;\n",
        'src/jingle/b.ts': "import type { A } from './a.js';\nexport type B = A | 2;\n",
      }),
    ).toEqual({
      status: 1,
      out: [
        'import cycle: src/jingle/a.ts <-> src/jingle/b.ts',
        'check-cycles: 2 files, 1 import cycle(s), 0 internal import(s)',
      ],
    });
  });

  it("an import past a sub-folder's index.ts and web/src past the client's index fail", () => {
    expect(
      check({
        'src/jingle/sdp/index.ts': "export { parse } from './parse.js';\n",
        'src/jingle/sdp/parse.ts': 'export const parse = 1;\n',
        'src/client/index.ts': "export { parse } from '../jingle/sdp/parse.js';\n",
        'src/client/calls/call.ts': 'export const call = 1;\n',
        'web/src/app.ts':
          "import { call } from '../../src/client/calls/call.js';\nexport const app = call;\n",
      }),
    ).toEqual({
      status: 1,
      out: [
        'internal import: src/client/index.ts -> src/jingle/sdp/parse.ts (enter through src/jingle/sdp/index.ts)',
        'internal import: web/src/app.ts -> src/client/calls/call.ts (web/src sees only src/client/index.ts)',
        'check-cycles: 5 files, 0 import cycle(s), 2 internal import(s)',
      ],
    });
  });
});
