// STUN/TURN for call-link guests against real Prosody 0.12 + coturn: what Prosody answers a
// component's XEP-0215 query, and that the TURN credentials a guest gets in `ready` (with the
// settings `npm start` passes) are accepted by coturn for a real Allocate.
import { componentConfig } from '../support/component.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { Element } from 'ltx';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridgeComponent, type BridgeComponent } from '../../src/component/bridge.js';
import { parseConfig, type ComponentConfig } from '../../src/component/config.js';
import { signLink } from '../../src/component/token.js';
import { StanzaError } from '../../src/component/iq-requests.js';
import { componentEnv } from '../../src/stack/component-process.js';
import { turnAllocate } from '../support/coturn.js';
import { startProsody, type ProsodyHandle } from '../support/prosody.js';

let h: ProsodyHandle;
let bridge: BridgeComponent | undefined;
const KEY = Buffer.from('integration-test-key-of-32-bytes!');

beforeAll(async () => {
  h = await startProsody({ turn: true });
});
afterAll(async () => {
  await bridge?.stop();
  await h?.stop();
});

async function startBridge(config: ComponentConfig, logs: string[]): Promise<BridgeComponent> {
  // One connection per component domain: the previous test's bridge goes first.
  await bridge?.stop();
  bridge = undefined;
  const b = createBridgeComponent(config, {
    info: (m) => logs.push(`info: ${m}`),
    warn: (m) => logs.push(`warn: ${m}`),
    error: (m) => logs.push(`error: ${m}`),
  });
  bridge = b;
  await b.start();
  return b;
}

/** hello over a real guest socket; resolves with the `ready` message. */
async function readyOf(b: BridgeComponent): Promise<Record<string, unknown>> {
  const token = signLink(
    { owner: `alice@${h.domain}`, expiresAt: Date.now() + 60_000, use: 'multiple', id: 'ice' },
    KEY,
  );
  const ws = new WebSocket(`ws://127.0.0.1:${b.httpAddress().port}/call/${token}/ws`);
  try {
    const first = new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>));
      ws.once('error', reject);
    });
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send(JSON.stringify({ type: 'hello', name: 'Ada' }));
    return await first;
  } finally {
    ws.close();
  }
}

const plainConfig = (): ComponentConfig => componentConfig(h, { linkKey: KEY });

const until = async (what: string, ok: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

describe('guest STUN/TURN with Prosody 0.12 (mod_external_services + mod_turn_external) and coturn', () => {
  it('Prosody answers a component’s XEP-0215 query with <forbidden/> (auth): guests get no servers and the log says what to set', async () => {
    const logs: string[] = [];
    const b = await startBridge(plainConfig(), logs);
    const asked = new Element('iq', { type: 'get', to: h.domain, from: h.componentDomain }).c('services', {
      xmlns: 'urn:xmpp:extdisco:2',
    });
    const refused = await b.xmpp.request(asked.root(), 5000).catch((e: unknown) => e);
    expect(refused instanceof StanzaError ? [refused.condition, refused.type] : refused).toEqual([
      'forbidden',
      'auth',
    ]);
    const warning =
      `warn: XMPP server ${h.domain} refused STUN/TURN discovery (XEP-0215): forbidden (auth); guests get no STUN/TURN. ` +
      'Set --turn-server and --turn-secret, or --ice-servers (docs/component.md "ICE servers for guests")';
    await until('the XEP-0215 warning', () => logs.includes(warning));
    expect(await readyOf(b)).toEqual({
      type: 'ready',
      jid: expect.stringMatching(new RegExp(`^guest-[0-9a-f]{16}@${h.componentDomain}/web$`)),
      iceServers: [],
    });
  });

  it('with the settings npm start passes, ready carries TURN credentials that coturn accepts for an Allocate', async () => {
    const turn = h.turn;
    if (turn === undefined) throw new Error('the harness started no coturn');
    const env = componentEnv({
      host: '127.0.0.1',
      domain: h.domain,
      componentDomain: h.componentDomain,
      componentSecret: h.componentSecret,
      componentPort: h.componentPort,
      turn,
    });
    const parsed = parseConfig(['--xmpp-port', String(h.componentPort)], {
      ...env,
      JB_COMPONENT_LINK_KEY: KEY.toString(),
    });
    if (parsed.kind !== 'config') throw new Error(JSON.stringify(parsed));
    const logs: string[] = [];
    // Port 0 (any free port) is not a valid setting, so it is put in after parsing.
    const b = await startBridge({ ...parsed.config, http: { host: '127.0.0.1', port: 0 } }, logs);
    const ready = await readyOf(b);
    const hp = `${turn.host}:${turn.port}`;
    const user = expect.stringMatching(/^\d{10}:guest-[0-9a-f]{16}$/);
    const credential = expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/);
    expect(ready['iceServers']).toEqual([
      { urls: `stun:${hp}` },
      { urls: `turn:${hp}?transport=udp`, username: user, credential },
      { urls: `turn:${hp}?transport=tcp`, username: user, credential },
    ]);
    const entry = (ready['iceServers'] as Array<{ username: string; credential: string }>)[1];
    if (entry === undefined) throw new Error('no TURN entry');
    // The username names this guest and expires a day from now (--turn-ttl default).
    const [expiry, local] = entry.username.split(':');
    expect(String(ready['jid']).split('@')[0]).toEqual(local);
    expect(Math.abs(Number(expiry) * 1000 - (Date.now() + 86_400_000))).toBeLessThan(60_000);

    const ok = await turnAllocate({
      host: turn.host,
      port: turn.port,
      username: entry.username,
      password: entry.credential,
    });
    expect(ok.ok ? { ok: true, address: ok.relayed.address } : ok).toEqual({ ok: true, address: turn.host });
    const forged = await turnAllocate({
      host: turn.host,
      port: turn.port,
      username: entry.username,
      password: `${entry.credential.startsWith('A') ? 'B' : 'A'}${entry.credential.slice(1)}`,
    });
    expect(forged.ok ? forged : forged.code).toEqual(401);
    expect(logs.filter((l) => l.includes('XEP-0215'))).toEqual([]);
  });

  // Last: it changes the server's configuration for the rest of this file.
  it('with external_service_access naming the component domain, XEP-0215 answers and its credentials work', async () => {
    const turn = h.turn;
    if (turn === undefined) throw new Error('the harness started no coturn');
    const cfg = `${h.dir}/prosody/prosody.cfg.lua`;
    const access = `external_service_access = { "${h.domain}", "${h.componentDomain}" }\n`;
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^VirtualHost /m, `${access}VirtualHost `));
    await h.restart();
    const logs: string[] = [];
    const b = await startBridge(plainConfig(), logs);
    await until('the XEP-0215 answer', () => logs.some((l) => l.includes('(XEP-0215)')));
    expect(logs.filter((l) => l.includes('XEP-0215'))).toEqual([
      `info: guests get 2 STUN/TURN server(s) from ${h.domain} (XEP-0215)`,
    ]);
    const hp = `${turn.host}:${turn.port}`;
    const ready = await readyOf(b);
    // mod_turn_external's usernames are the expiry alone (no turn_external_user configured).
    expect(ready['iceServers']).toEqual([
      { urls: `stun:${hp}` },
      {
        urls: `turn:${hp}?transport=udp`,
        username: expect.stringMatching(/^\d{10}$/),
        credential: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/),
      },
    ]);
    const entry = (ready['iceServers'] as Array<{ username: string; credential: string }>)[1];
    if (entry === undefined) throw new Error('no TURN entry');
    const ok = await turnAllocate({
      host: turn.host,
      port: turn.port,
      username: entry.username,
      password: entry.credential,
    });
    expect(ok.ok ? ok.relayed.address : ok).toEqual(turn.host);
  });
});
