#!/usr/bin/env node
// The import structure of src/ and web/src, checked by `npm run lint` and scripts/test.mjs:
// 1. no import cycle (type-only imports count: a reader still goes round in circles);
// 2. a folder with an index.ts is entered through it: a file outside such a folder does not import
//    the files inside it. The top folders of src/ (jingle, client, component, stack, cli) are the
//    parts of the architecture (docs/architecture.md): their sub-folders (src/jingle/session,
//    src/client/calls, ...) have doors, and web/src may import only src/client/index.ts.
// Relative imports only; packages are not followed. Exit 1 with the offending files listed.
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const ROOTS = ['src', path.join('web', 'src')];

const walk = (dir, out = []) => {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
};

const files = ROOTS.flatMap((r) => walk(path.join(root, r)));
const rel = (f) => path.relative(root, f).split(path.sep).join('/');

function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`];
  candidates.push(path.join(base, 'index.ts'));
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

// import/export ... from '...', import '...', and dynamic import('...').
const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

const graph = new Map();
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const deps = new Set();
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(f, m[1] ?? m[2] ?? m[3]);
    if (target !== undefined) deps.add(target);
  }
  graph.set(f, deps);
}

// 1. Cycles: Tarjan's strongly connected components (iterative, no recursion limit).
function cycles() {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, [...(graph.get(start) ?? [])], 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, deps] = frame;
      if (frame[2] < deps.length) {
        const w = deps[frame[2]++];
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, [...(graph.get(w) ?? [])], 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const scc = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1 || graph.get(v)?.has(v)) found.push(scc.map(rel).sort());
      }
    }
  }
  return found;
}

// 2. Doors: the innermost folder with an index.ts that holds the target, unless it is a part
// (src/<part>) entered from another part (parts share their files by design, see the header).
const PARTS = new Set(
  fs
    .readdirSync(path.join(root, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(root, 'src', e.name)),
);
const CLIENT_INDEX = path.join(root, 'src', 'client', 'index.ts');
const WEB = path.join(root, 'web', 'src');

function door(target) {
  for (let dir = path.dirname(target); dir.startsWith(root) && dir !== root; dir = path.dirname(dir)) {
    if (PARTS.has(dir) || dir === path.join(root, 'src')) return undefined;
    if (fs.existsSync(path.join(dir, 'index.ts'))) return dir;
  }
  return undefined;
}

function trespasses() {
  const found = [];
  for (const [from, deps] of graph) {
    for (const to of deps) {
      if (from.startsWith(WEB + path.sep) && !to.startsWith(WEB + path.sep) && to !== CLIENT_INDEX) {
        found.push(`${rel(from)} -> ${rel(to)} (web/src sees only src/client/index.ts)`);
        continue;
      }
      const d = door(to);
      if (d === undefined || to === path.join(d, 'index.ts')) continue;
      if (!from.startsWith(d + path.sep))
        found.push(`${rel(from)} -> ${rel(to)} (enter through ${rel(d)}/index.ts)`);
    }
  }
  return found.sort();
}

const c = cycles();
const t = trespasses();
for (const scc of c) console.error(`import cycle: ${scc.join(' <-> ')}`);
for (const line of t) console.error(`internal import: ${line}`);
console.log(`check-cycles: ${graph.size} files, ${c.length} import cycle(s), ${t.length} internal import(s)`);
process.exit(c.length + t.length > 0 ? 1 : 0);
