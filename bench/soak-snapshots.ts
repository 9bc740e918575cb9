// Diagnosis for bench/soak.ts (`--snapshots=DIR`): V8 heap snapshots of alice's page (CDP
// HeapProfiler on the page) and of the component (its inspector, opened with SIGUSR1 on 127.0.0.1:9229,
// Node's default), and a comparison by constructor: what grew between two snapshots, in objects and
// self bytes. That is how issue #14's leaks were found (docs/benchmarks.md "Soak").
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';

export async function pageSnapshot(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

/** Opens the component's inspector (SIGUSR1) and takes a snapshot over its WebSocket. */
export async function processSnapshot(pid: number): Promise<string> {
  process.kill(pid, 'SIGUSR1');
  let list: { webSocketDebuggerUrl: string }[] = [];
  for (let i = 0; i < 50 && list.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    list = await fetch('http://127.0.0.1:9229/json/list')
      .then((r) => r.json() as Promise<{ webSocketDebuggerUrl: string }[]>)
      .catch(() => []);
  }
  const url = list[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector for pid ${pid}`);
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const chunks: string[] = [];
  let next = 1;
  const call = (method: string): Promise<void> =>
    new Promise((resolve) => {
      const id = next++;
      const on = (data: WebSocket.RawData): void => {
        const m = JSON.parse(String(data)) as { id?: number; method?: string; params?: { chunk: string } };
        if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && m.params) chunks.push(m.params.chunk);
        if (m.id === id) {
          ws.off('message', on);
          resolve();
        }
      };
      ws.on('message', on);
      ws.send(JSON.stringify({ id, method }));
    });
  const collect = (data: WebSocket.RawData): void => {
    const m = JSON.parse(String(data)) as { method?: string; params?: { chunk: string } };
    if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && m.params) chunks.push(m.params.chunk);
  };
  ws.on('message', collect);
  await call('HeapProfiler.enable');
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.takeHeapSnapshot');
  ws.off('message', collect);
  ws.close();
  return [...new Set(chunks)].join('');
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects and self bytes by constructor (node name for objects, type for the rest). */
export function byConstructor(json: string): Map<string, { count: number; size: number }> {
  const s = JSON.parse(json) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < s.nodes.length; i += f.length) {
    const type = types[s.nodes[i + iType] ?? 0] ?? '?';
    const name =
      type === 'object' || type === 'closure' ? (s.strings[s.nodes[i + iName] ?? 0] ?? '?') : `(${type})`;
    const key = type === 'closure' ? `${name}()` : name;
    const e = out.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += s.nodes[i + iSize] ?? 0;
    out.set(key, e);
  }
  return out;
}

/** Writes both snapshots and prints the constructors that grew most between them. */
export function compare(dir: string, label: string, before: string, after: string, calls: number): void {
  writeFileSync(`${dir}/${label}-before.heapsnapshot`, before);
  writeFileSync(`${dir}/${label}-after.heapsnapshot`, after);
  const a = byConstructor(before);
  const b = byConstructor(after);
  const grew = [...b]
    .map(([k, v]) => ({ k, count: v.count - (a.get(k)?.count ?? 0), size: v.size - (a.get(k)?.size ?? 0) }))
    .filter((d) => d.count > 0 || d.size > 0)
    .sort((x, y) => y.size - x.size)
    .slice(0, 25);
  console.log(`\n${label}: growth by constructor over ${calls} calls (objects, self bytes)`);
  for (const d of grew) console.log(`  ${d.k.slice(0, 60).padEnd(60)} +${d.count}  +${d.size} B`);
}
