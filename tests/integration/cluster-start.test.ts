// `npm start -- --cluster 2` as a user runs it (docs/running.md, "Cluster"): one printed line per
// node, /config.json listing both WebSockets, the demo accounts usable on either node, and Ctrl-C
// leaving nothing behind.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLUSTER_SKIP_REASON, hasCluster } from '../support/ejabberd-cluster.js';
import { login, logout, until } from './stack-helpers.js';
import { cleanUp, env, leftovers, START, tmp } from './start-process.js';

if (!hasCluster()) console.warn(`skipping: ${CLUSTER_SKIP_REASON}`);
afterAll(cleanUp);

describe.skipIf(!hasCluster())('npm start -- --cluster 2', () => {
  it('prints a line per node, serves both endpoints, logs alice in on node 2, and Ctrl-C stops everything', async () => {
    const runtime = tmp();
    const child = spawn(process.execPath, [START, '--cluster', '2'], {
      env: env(runtime),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      // Two cold ejabberd nodes, the join and the web app build check: far more than Prosody's second.
      await until(() => out.includes('Press Ctrl-C to stop.') || child.exitCode !== null, 'ready', 120_000);
      const nodes = [
        ...out.matchAll(/^ {2}node (\d) +(ws:\/\/127\.0\.0\.1:\d+\/xmpp-websocket) .*: connected /gm),
      ];
      const web = /web app +http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1];
      // A start that failed says why in its output: show it rather than a refused fetch.
      if (web === undefined || child.exitCode !== null)
        throw new Error(`npm start --cluster 2 did not come up (exit ${child.exitCode}):\n${out}`);
      const config = (await (await fetch(`http://127.0.0.1:${web ?? 0}/config.json`)).json()) as unknown;
      const urls = nodes.map((m) => m[2] ?? '');
      const alice = await login({ wsUrl: urls[1] ?? '', domain: 'localhost' }, 'alice', 'alicepass', 'n2');
      await logout(alice);
      child.kill('SIGINT');
      const code = await exited;
      expect([
        nodes.map((m) => m[1]),
        config,
        code,
        out.trimEnd().split('\n').at(-1),
        leftovers(runtime),
      ]).toEqual([
        ['1', '2'],
        { service: urls[0], services: urls, domain: 'localhost', componentDomain: 'bridge.localhost' },
        0,
        'stopped.',
        [],
      ]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
