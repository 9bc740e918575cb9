// XEP-0156 discovery from the web server of `npm start` (src/stack/web.ts): one WebSocket link per
// endpoint, so a cluster's clients learn every node (docs/scaling.md); /config.json carries the same.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../src/stack/web.js';

const NODES = ['ws://127.0.0.1:5280/xmpp-websocket', 'ws://127.0.0.1:5281/xmpp-websocket'];

describe('host-meta and config.json of a two-node cluster', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = await startWebServer({
      host: '127.0.0.1',
      port: 0,
      root: undefined,
      config: {
        service: NODES[0] ?? '',
        services: NODES,
        domain: 'localhost',
        componentDomain: 'bridge.localhost',
      },
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return {
      type: res.headers.get('content-type'),
      cors: res.headers.get('access-control-allow-origin'),
      body: await res.text(),
    };
  };

  it('XEP-0156 §3: host-meta (XRD) and host-meta.json list every endpoint in order', async () => {
    const rel = 'urn:xmpp:alt-connections:websocket';
    expect([await get('/.well-known/host-meta'), await get('/.well-known/host-meta.json')]).toEqual([
      {
        type: 'application/xrd+xml',
        cors: '*',
        body:
          "<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n" +
          NODES.map((u) => `  <Link rel='${rel}' href='${u}'/>\n`).join('') +
          '</XRD>\n',
      },
      {
        type: 'application/json',
        cors: '*',
        body: JSON.stringify({ links: NODES.map((href) => ({ rel, href })) }),
      },
    ]);
  });

  it('/config.json: service is node 1, services all of them', async () => {
    expect(JSON.parse((await get('/config.json')).body)).toEqual({
      service: NODES[0],
      services: NODES,
      domain: 'localhost',
      componentDomain: 'bridge.localhost',
    });
  });
});
