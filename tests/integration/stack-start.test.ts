// `npm start` as a user runs it: scripts/start.mjs in a subprocess, on free ports and a private
// runtime folder, including the ways it must refuse or fail cleanly.
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../src/stack/options.js';
import { installCommand } from '../../src/stack/prereq.js';
import { login, logout, xml } from './stack-helpers.js';
import { cleanUp, env, leftovers, ROOT, run, START, startUntilReady, tmp } from './start-process.js';
import type { ProsodyHandle } from '../support/prosody.js';

beforeAll(() => {
  // Build once up front so the subprocesses below do not each race to run tsc.
  expect(run(['--help'], process.env).status).toBe(0);
});
afterAll(cleanUp);

describe('npm start', () => {
  it('--help prints every option with its environment variable', () => {
    expect(run(['--help'], { ...process.env, JB_SKIP_BUILD: '1' })).toEqual({
      status: 0,
      stdout: `${helpText()}\n`,
      stderr: '',
    });
  });

  it('an unknown option is refused with exit 2', () => {
    expect(run(['--bogus'], { ...process.env, JB_SKIP_BUILD: '1' })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'npm start: unknown option "--bogus" (see --help)\n',
    });
  });

  it('a taken port is named with the option that changes it, and nothing is left running', async () => {
    const runtime = tmp();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen({ host: '127.0.0.1', port: 0 }, () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      expect(run([], env(runtime, { JB_HTTP_PORT: String(port) }))).toEqual({
        status: 1,
        stdout: '',
        stderr:
          `npm start: port ${port} (Prosody HTTP/WebSocket on 127.0.0.1) is already in use; ` +
          'choose another with --http-port / JB_HTTP_PORT, or 0 for any free port\n',
      });
    } finally {
      blocker.close();
    }
    expect(leftovers(runtime)).toEqual([]);
  });

  it('a server that fails to start is reported with the tail of its log; coturn started before it is stopped', () => {
    const runtime = tmp();
    const bin = tmp();
    writeFileSync(
      `${bin}/prosody`,
      '#!/bin/sh\necho "prosody: simulated failure: cannot open config" >&2\nexit 3\n',
      { mode: 0o755 },
    );
    const r = run([], env(runtime, { PATH: `${bin}:${process.env.PATH ?? ''}` }));
    expect(r).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'npm start: Prosody did not start: it exited with code 3\n' +
        'last lines of its log:\nprosody: simulated failure: cannot open config\n',
    });
    expect(leftovers(runtime)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'without root and with a package missing, prints the exact install command and exits 1',
    () => {
      // A copy of the entry point and dist/stack (they need nothing else to get this far), so the
      // test does not depend on `nobody` being able to read the clone's folder.
      const copy = tmp();
      cpSync(`${ROOT}dist/stack`, `${copy}/dist/stack`, { recursive: true });
      cpSync(START, `${copy}/scripts/start.mjs`);
      const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, `${copy}/scripts/start.mjs`], {
        env: {
          PATH: process.env.PATH ?? '',
          JB_EXTRA_PACKAGES: 'jb-no-such-package',
          JB_RUNTIME: tmp(),
          JB_SKIP_BUILD: '1',
        },
        encoding: 'utf8',
      });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        status: 1,
        stdout: '',
        stderr: `npm start: missing Debian packages: jb-no-such-package\ninstall them with:\n  ${installCommand(['jb-no-such-package'])}\n`,
      });
    },
  );

  it('runs the stack with demo contacts, refuses a second start on the same runtime, and stops cleanly on SIGINT', async () => {
    const runtime = tmp();
    const { child, out } = await startUntilReady(runtime);
    expect(child.exitCode).toBe(null);

    const ws = /XMPP\s+(ws:\/\/127\.0\.0\.1:(\d+)\/xmpp-websocket)/.exec(out());
    const web = /web app\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out());
    if (!ws?.[1] || !ws[2] || !web?.[1]) throw new Error(`unexpected output:\n${out()}`);
    const config = await (await fetch(`${web[1]}config.json`)).json();
    expect(config).toEqual({ service: ws[1], domain: 'localhost', componentDomain: 'bridge.localhost' });
    expect(out()).toContain(
      'accounts    alice@localhost / alicepass, bob@localhost / bobpass, carol@localhost / carolpass',
    );

    const h = { wsUrl: ws[1], domain: 'localhost' } as ProsodyHandle;
    const alice = await login(h, 'alice', 'alicepass');
    const roster = await alice.xmpp.iqCaller.request(
      xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
    );
    const items = roster
      .getChild('query')
      ?.getChildren('item')
      .map((i) => `${i.attrs.jid} ${i.attrs.subscription}`);
    expect(items?.sort()).toEqual([
      'bob@localhost both',
      'carol@localhost both',
      'echo@bridge.localhost both',
    ]);
    // The component reached Prosody on the (random) component port: its domain answers disco#info.
    const info = await alice.xmpp.iqCaller.request(
      xml(
        'iq',
        { type: 'get', to: 'bridge.localhost' },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
    );
    expect(info.getChild('query')?.getChild('identity')?.attrs).toEqual({
      category: 'component',
      type: 'generic',
      name: 'jingle-bridge',
    });
    await logout(alice);

    const second = run([], env(runtime));
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(
      `npm start: another npm start (pid ${child.pid}) is already running with this runtime folder (${runtime}/stack.lock).\n` +
        `Stop it with Ctrl-C in its terminal or \`kill ${child.pid}\`, or use --runtime DIR and other ports to run a second one.\n`,
    );

    const running = leftovers(runtime);
    expect(running.length).toBeGreaterThanOrEqual(2); // Prosody and coturn (and the component, if built)
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect({ code, tail: out().trim().split('\n').slice(-2), left: leftovers(runtime) }).toEqual({
      code: 0,
      tail: ['SIGINT: stopping…', 'stopped.'],
      left: [],
    });
  });
});
