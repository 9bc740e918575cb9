// What src/stack writes: the Prosody config (checked by prosodyctl itself), the coturn config and
// Lua literals (checked by Lua itself).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../src/stack/certs.js';
import { renderCoturnConfig } from '../../src/stack/coturn-config.js';
import { luaString, luaTable, luaValue } from '../../src/stack/lua.js';
import { prosodyPaths, renderProsodyConfig } from '../../src/stack/prosody-config.js';
import type { ProsodySettings } from '../../src/stack/prosody-config.js';
import { encodeStorageName } from '../../src/stack/accounts.js';

const dir = mkdtempSync(`${tmpdir()}/jb-config-`);
chmodSync(dir, 0o755); // prosodyctl run as root reads the config as the prosody user
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings: ProsodySettings = {
  host: '127.0.0.1',
  domain: 'localhost',
  componentDomain: 'bridge.localhost',
  componentSecret: 'se"cr\\et\n',
  c2sPort: 15222,
  httpPort: 15280,
  componentPort: 15347,
  turn: { host: '127.0.0.1', port: 13478, secret: 'turn-secret' },
  dir,
};

describe('prosody/prosody.cfg.lua rendered by renderProsodyConfig()', () => {
  it.each([
    ['with TURN', settings],
    ['without TURN', { ...settings, turn: undefined }],
  ])('passes `prosodyctl check config` %s', (_name, s) => {
    const p = prosodyPaths(dir);
    mkdirSync(p.certs, { recursive: true });
    makeCertificate(p.cert, p.key, ['localhost'], '127.0.0.1');
    writeFileSync(p.config, renderProsodyConfig(s));
    const r = spawnSync('prosodyctl', ['--config', p.config, 'check', 'config'], { encoding: 'utf8' });
    expect({ status: r.status, verdict: r.stdout.trim().split('\n').at(-1) }).toEqual({
      status: 0,
      verdict: 'All checks passed, congratulations!',
    });
  });

  it('fills every placeholder and binds every listener to loopback', () => {
    const cfg = renderProsodyConfig(settings);
    expect(cfg).not.toMatch(/\{\{/);
    const listeners = cfg.split('\n').filter((l) => /^[a-z0-9_]*(interfaces|ports) = /.test(l));
    expect(listeners).toEqual([
      'interfaces = { "127.0.0.1" }',
      'local_interfaces = { "127.0.0.1" }',
      'c2s_interfaces = { "127.0.0.1" }',
      'http_interfaces = { "127.0.0.1" }',
      'https_interfaces = { "127.0.0.1" }',
      'component_interfaces = { "127.0.0.1" }',
      'c2s_ports = { 15222 }',
      'c2s_direct_tls_ports = { }',
      'http_ports = { 15280 }',
      'https_ports = { }',
      'component_ports = { 15347 }',
      's2s_ports = { }',
      's2s_direct_tls_ports = { }',
    ]);
  });

  it('refuses a template with a placeholder it has no value for', () => {
    expect(() => renderProsodyConfig(settings, 'x = {{NOPE}}')).toThrow(
      'prosody template: no value for {{NOPE}}',
    );
  });

  it('refuses a port out of range', () => {
    expect(() => renderProsodyConfig({ ...settings, c2sPort: 70000 })).toThrow(
      new TypeError('not a TCP/UDP port: 70000'),
    );
  });
});

it('renderCoturnConfig() writes the loopback settings of docs/reference/test-environment.md §6', () => {
  expect(
    renderCoturnConfig({
      host: '127.0.0.1',
      port: 3478,
      realm: 'localhost',
      secret: 's3',
      minRelayPort: 50000,
      maxRelayPort: 50099,
      dir: '/r',
    }),
  ).toBe(
    [
      '# jingle-bridge: coturn for the demo stack and tests. Loopback only, insecure by design.',
      ...[
        'listening-ip=127.0.0.1',
        'relay-ip=127.0.0.1',
        'listening-port=3478',
        'min-port=50000',
        'max-port=50099',
      ],
      ...['no-rfc5780', 'fingerprint', 'use-auth-secret', 'static-auth-secret=s3', 'realm=localhost'],
      ...['no-tls', 'no-dtls', 'no-cli', 'allow-loopback-peers', 'no-multicast-peers'],
      ...['pidfile=/r/turnserver.pid', 'log-file=/r/turnserver.log', 'simple-log', 'userdb=/r/turndb', ''],
    ].join('\n'),
  );
  expect(() =>
    renderCoturnConfig({
      host: '127.0.0.1',
      port: 1,
      realm: 'x',
      secret: 'a\nno-auth',
      minRelayPort: 1,
      maxRelayPort: 2,
      dir: '/r',
    }),
  ).toThrow(TypeError);
});

describe('Lua literals', () => {
  it('luaString(s) read back by lua5.4 is s, byte for byte (property)', () => {
    const samples = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { numRuns: 300, seed: 7 });
    const file = `${dir}/strings.lua`;
    writeFileSync(
      file,
      `local t = { ${samples.map(luaString).join(', ')} }\n` +
        'for _, s in ipairs(t) do io.write((s:gsub(".", function(c) return string.format("%02x", c:byte()) end)), "\\n") end\n',
    );
    const r = spawnSync('lua5.4', [file], { encoding: 'utf8' });
    expect(r.stdout.split('\n').slice(0, -1)).toEqual(
      samples.map((s) => Buffer.from(s, 'utf8').toString('hex')),
    );
  });

  it('luaValue() writes nested tables with a false key the way Prosody storage expects', () => {
    expect(
      luaValue(
        luaTable([
          [false, luaTable([['version', 1]])],
          [
            'a@b',
            luaTable([
              ['on', true],
              ['x', null],
            ]),
          ],
        ]),
      ),
    ).toBe('{ [false] = { ["version"] = 1; }; ["a@b"] = { ["on"] = true; ["x"] = nil; }; }');
    expect(() => luaValue(Number.NaN)).toThrow(TypeError);
  });

  it.each([
    ['localhost', 'localhost'],
    ['bridge.localhost', 'bridge%2elocalhost'],
    ['a-b_c', 'a%2db%5fc'],
    ['é', '%c3%a9'],
  ])('encodeStorageName(%j) is %j, as util.datamanager names files', (input, out) => {
    expect(encodeStorageName(input)).toBe(out);
  });
});
