// The network between one client and Prosody, for fault tests: a loopback TCP relay to `port` (a
// client's WebSocket goes through it by using the relay's port in its URL) that can lose what the
// client sends, stall, or refuse connections, without the client or the server being told.
import { createServer, connect, type Socket } from 'node:net';

export interface TcpRelay {
  port: number;
  /** From now on, what the client sends on its open connections is dropped; replies still reach it. */
  mute(): void;
  /** Open connections carry nothing more either way, and nothing is closed (a silent network). */
  freeze(): void;
  /** Open connections are reset (RST: no WebSocket close frame, no </stream>, as a network loss looks). */
  drop(): void;
  /** drop(), and new connections are refused until heal(). */
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function tcpRelay(port: number): Promise<TcpRelay> {
  const live = new Set<[client: Socket, server: Socket]>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(port, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    live.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => (client.destroy(), upstream.destroy(), live.delete(pair));
    for (const s of pair) s.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const drop = () => {
    for (const pair of live) for (const s of pair) s.resetAndDestroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    mute() {
      for (const [client, upstream] of live) {
        client.unpipe(upstream);
        client.on('data', () => undefined); // read and thrown away
      }
    },
    freeze() {
      for (const [client, upstream] of live) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    drop,
    cut() {
      refusing = true;
      drop();
    },
    heal() {
      refusing = false;
    },
    close() {
      for (const pair of live) for (const s of pair) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
