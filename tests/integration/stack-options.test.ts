// `npm start` plumbing in src/stack: option parsing, the runtime lock and folder choice, and the
// web app's static server (on a free loopback port).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock, StackLockedError } from '../../src/stack/lock.js';
import { DEFAULTS, OptionError, parseOptions } from '../../src/stack/options.js';
import { chooseRuntimeDir } from '../../src/stack/runtime-dir.js';
import { resolveStatic, startWebServer } from '../../src/stack/web.js';

const dir = mkdtempSync(`${tmpdir()}/jb-options-`);
chmodSync(dir, 0o755); // chooseRuntimeDir() below needs an open parent
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseOptions()', () => {
  const base = { ...DEFAULTS, componentDomain: 'bridge.localhost' };
  it.each([
    ['no arguments', [], {}, base],
    [
      'flags',
      ['--c2s-port', '6222', '--no-turn', '--domain=example.test'],
      {},
      { ...base, c2sPort: 6222, turn: false, domain: 'example.test', componentDomain: 'bridge.example.test' },
    ],
    [
      'environment',
      [],
      { JB_HTTP_PORT: '0', JB_NO_TURN: '1', JB_WEB_PORT: '9000' },
      { ...base, httpPort: 0, turn: false, webPort: 9000 },
    ],
    ['flag beats environment', ['--web-port', '9001'], { JB_WEB_PORT: '9000' }, { ...base, webPort: 9001 }],
    [
      'external service',
      ['--xmpp-service', 'wss://xmpp.example/ws'],
      {},
      { ...base, xmppService: 'wss://xmpp.example/ws' },
    ],
    ['help', ['-h'], {}, { ...base, help: true }],
  ])('%s', (_name, argv, env, expected) => {
    expect(parseOptions(argv, env)).toEqual(expected);
  });

  it.each([
    [
      ['--c2s-port', '70000'],
      {},
      '--c2s-port must be a port number 0-65535 (0 = any free port), not "70000"',
    ],
    [['--c2s-port'], {}, '--c2s-port must be a port number 0-65535 (0 = any free port), not ""'],
    [['--frobnicate'], {}, 'unknown option "--frobnicate" (see --help)'],
    [[], { JB_NO_TURN: 'yes' }, 'JB_NO_TURN must be 1 or 0, not "yes"'],
    [['--xmpp-service', 'http://x'], {}, '--xmpp-service must be a ws:// or wss:// URL, not "http://x"'],
  ])('refuses %j %j', (argv, env, message) => {
    expect(() => parseOptions(argv, env)).toThrow(new OptionError(message));
  });
});

describe('the runtime lock', () => {
  it('refuses a second holder while the first process lives, and takes over a dead one’s lock', () => {
    const file = `${dir}/stack.lock`;
    writeFileSync(file, '1\n'); // pid 1 is alive: someone else holds it
    expect(() => acquireLock(file)).toThrow(StackLockedError);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(file, `${dead}\n`);
    const release = acquireLock(file);
    expect(() => acquireLock(`${dir}/stack.lock`)).not.toThrow(); // our own pid: re-entrant for this process
    release();
  });
});

describe('resolveStatic()', () => {
  const root = `${dir}/www`;
  mkdirSync(`${root}/assets`, { recursive: true });
  writeFileSync(`${root}/index.html`, 'i');
  writeFileSync(`${root}/assets/app.js`, 'a');
  it.each([
    ['/', `${root}/index.html`],
    ['/assets/app.js?v=1', `${root}/assets/app.js`],
    ['/assets/missing.js', undefined],
    ['/../secret', undefined],
    ['/%2e%2e/%2e%2e/etc/passwd', undefined],
    ['/%zz', undefined],
    ['/a%00b', undefined],
  ])('%s -> %s', (path, file) => {
    expect(resolveStatic(root, path)).toBe(file);
  });
});

describe.skipIf(process.getuid?.() !== 0)('chooseRuntimeDir() as root', () => {
  it('keeps a reachable folder, moves the default out of a closed one, and refuses an explicit closed one', () => {
    const closed = `${dir}/closed`;
    mkdirSync(`${closed}/clone`, { recursive: true });
    chmodSync(closed, 0o700);
    expect(chooseRuntimeDir(undefined, `${dir}/open/`)).toEqual({ dir: `${dir}/open/runtime` });
    const moved = chooseRuntimeDir(undefined, `${closed}/clone/`);
    expect(moved).toEqual({
      dir: expect.stringMatching(/^\/var\/tmp\/jingle-bridge-[0-9a-f]{8}$/),
      note: expect.stringContaining(`${closed} is closed to the prosody user`),
    });
    expect(chooseRuntimeDir(`${closed}/clone/rt`, '/x/')).toEqual({
      error:
        `the runtime folder ${closed}/clone/rt is inside ${closed}, which the prosody and turnserver users cannot enter.\n` +
        `Use --runtime with a folder they can reach (e.g. /var/tmp/jingle-bridge), or \`chmod o+x ${closed}\`.`,
    });
  });
});

describe('startWebServer()', () => {
  it('serves /config.json, files from the root, index.html for app routes, and 404 outside it', async () => {
    const root = `${dir}/site`;
    mkdirSync(`${root}/assets`, { recursive: true });
    writeFileSync(`${root}/index.html`, '<p>app</p>');
    writeFileSync(`${root}/assets/app.js`, 'export {};');
    const config = {
      service: 'ws://127.0.0.1:1/xmpp-websocket',
      domain: 'localhost',
      componentDomain: 'bridge.localhost',
    };
    const server = await startWebServer({ host: '127.0.0.1', port: 0, root, config });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string, method = 'GET') => {
      const r = await fetch(base + path, { method });
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    };
    try {
      expect(await get('/config.json')).toEqual({
        status: 200,
        type: 'application/json',
        body: JSON.stringify(config),
      });
      expect(await get('/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<p>app</p>' });
      expect(await get('/assets/app.js')).toEqual({
        status: 200,
        type: 'text/javascript; charset=utf-8',
        body: 'export {};',
      });
      expect(await get('/call/alice')).toEqual({
        status: 200,
        type: 'text/html; charset=utf-8',
        body: '<p>app</p>',
      });
      expect(await get('/assets/none.js')).toEqual({
        status: 404,
        type: 'text/plain; charset=utf-8',
        body: 'not found\n',
      });
      expect(await get('/%2e%2e/stack.lock')).toEqual({
        status: 404,
        type: 'text/plain; charset=utf-8',
        body: 'not found\n',
      });
      expect((await get('/', 'POST')).status).toBe(405);
    } finally {
      server.close();
    }
  });

  it('without a built app serves /config.json and says so elsewhere', async () => {
    const config = { service: 'ws://x', domain: 'd', componentDomain: 'c' };
    const server = await startWebServer({ host: '127.0.0.1', port: 0, root: undefined, config });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await (await fetch(`${base}/config.json`)).json()).toEqual(config);
      const r = await fetch(`${base}/`);
      expect({ status: r.status, body: await r.text() }).toEqual({
        status: 404,
        body: 'The jingle-bridge web app is not built yet (no web/dist). /config.json is served.\n',
      });
    } finally {
      server.close();
    }
  });
});
