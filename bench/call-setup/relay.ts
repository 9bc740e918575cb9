// The baseline's signaling server: a bare WebSocket relay on 127.0.0.1 that forwards every message
// of one peer to the other, verbatim. Peers introduce themselves with `{"hello": name}` (not
// forwarded); anything else goes to every other peer. No parsing beyond that first message.
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export interface Relay {
  url: string;
  close(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const peers = new Set<WebSocket>();
  server.on('connection', (ws) => {
    let named = false;
    ws.on('message', (data, isBinary) => {
      if (!named) {
        named = true;
        peers.add(ws);
        return;
      }
      for (const p of peers) if (p !== ws) p.send(data, { binary: isBinary });
    });
    ws.on('close', () => peers.delete(ws));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => resolve());
      }),
  };
}
