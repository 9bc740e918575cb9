// web/src/config.ts: what /config.json gives, and what is (and is not) remembered.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, recall, remember } from '../../../web/src/config.js';

const served = {
  service: 'ws://127.0.0.1:5280/xmpp-websocket',
  domain: 'localhost',
  componentDomain: 'bridge.localhost',
};
const none = { service: undefined, domain: undefined, componentDomain: undefined, reachable: true };

const reply = (status: number, body: string): typeof fetch =>
  (async () => new Response(body, { status })) as typeof fetch;

describe('loadConfig', () => {
  it.each([
    ['the served config', reply(200, JSON.stringify(served)), { ...served, reachable: true }],
    [
      'only what is a non-empty string',
      reply(200, '{"service":"ws://x","domain":"","componentDomain":7}'),
      { ...none, service: 'ws://x' },
    ],
    ['nothing on 404', reply(404, 'not found'), none],
    ['nothing on bad JSON', reply(200, '{'), none],
    ['nothing on JSON null', reply(200, 'null'), none],
    [
      'nothing, and unreachable, when fetch fails (offline, server down)',
      (async () => Promise.reject(new TypeError('offline'))) as typeof fetch,
      { ...none, reachable: false },
    ],
  ])('%s', async (_, fetchImpl, config) => expect(await loadConfig(fetchImpl)).toEqual(config));
});

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

describe('recall / remember', () => {
  afterEach(() => void delete (globalThis as { localStorage?: unknown }).localStorage);

  it('keeps the address and a custom server, never the password, and follows a new default', () => {
    const storage = new MemoryStorage();
    (globalThis as { localStorage?: unknown }).localStorage = storage;
    expect(recall(served)).toEqual({ address: '', server: served.service });
    remember(served, { address: 'alice@localhost', server: served.service });
    expect(Object.fromEntries(storage.items)).toEqual({ 'jb.address': 'alice@localhost' });
    expect(recall({ ...served, service: 'ws://127.0.0.1:6000/xmpp-websocket' })).toEqual({
      address: 'alice@localhost',
      server: 'ws://127.0.0.1:6000/xmpp-websocket',
    });
    remember(served, { address: 'alice@example.org', server: 'wss://example.org/ws' });
    expect(Object.fromEntries(storage.items)).toEqual({
      'jb.address': 'alice@example.org',
      'jb.server': 'wss://example.org/ws',
    });
    expect(recall(served)).toEqual({ address: 'alice@example.org', server: 'wss://example.org/ws' });
  });

  it('works without storage', () => {
    remember(served, { address: 'a@b', server: 'x' });
    expect(recall(none)).toEqual({ address: '', server: '' });
  });
});
