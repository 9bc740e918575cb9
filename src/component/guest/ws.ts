// WebSocket adapter for guest sessions: one socket per guest at /call/<token>/ws. Frames are
// capped by `ws` (maxPayload); everything else is GuestSession's job.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL_PATH, clientAddress, type LinkChecker } from '../http.js';
import type { RateLimiter } from '../rate-limit.js';
import { REFUSALS } from './page.js';
import { MAX_FRAME_BYTES, type ServerMessage } from './protocol.js';
import type { GuestRegistry } from './registry.js';
import type { GuestSession } from './session.js';

export interface GuestSocketDeps {
  links: LinkChecker;
  connLimiter: RateLimiter;
  guests: GuestRegistry;
  now: () => number;
}

export function attachGuestSockets(server: Server, deps: GuestSocketDeps): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const m = CALL_PATH.exec((req.url ?? '').split('?')[0] ?? '');
    if (m === null || m[2] === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(deps, ws, req, m[1] ?? ''));
  });
  return wss;
}

function onSocket(deps: GuestSocketDeps, ws: WebSocket, req: IncomingMessage, token: string): void {
  const send = (msg: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  ws.on('error', () => ws.terminate());
  const address = clientAddress(req);
  // Refusals are sent as a message, not an HTTP status, so the page can show them in words.
  if (!deps.connLimiter.take(address, deps.now())) {
    send({
      type: 'error',
      code: 'rate-limited',
      message: 'Too many connections from your address; try again in a minute',
    });
    ws.close(1008, 'rate-limited');
    return;
  }
  const r = deps.links.check(token);
  if (!r.ok) {
    send({ type: 'error', code: 'link-refused', message: REFUSALS[r.problem].title });
    ws.close(1008, 'link-refused');
    return;
  }
  const transport = {
    send,
    close: (code: number, reason: string) => ws.close(code, reason),
    handOver: (s: GuestSession) => (session = s),
  };
  let session: GuestSession = deps.guests.open(r.link, address, transport);
  ws.on('message', (data, isBinary) => {
    // binaryType is 'nodebuffer', so `data` is one Buffer.
    if (isBinary) session.refuse('bad-message', 'binary frames are not part of the protocol');
    else session.receive((data as Buffer).toString('utf8'));
  });
  ws.on('close', (code) => session.closed(code, transport));
}
