// Simulated guests: Node `ws` clients speaking the guest protocol of docs/component.md
// (hello -> ready, offer -> ringing -> answer, hangup -> ended). Each guest is bounded in time.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { mark } from './timeline.js';

export type CallResult =
  | { ok: true; setupMs: number; totalMs: number }
  | { ok: false; stage: string; error: string; totalMs: number };

interface ServerMessage {
  type: string;
  [field: string]: unknown;
}

function parse(data: WebSocket.RawData): ServerMessage | undefined {
  try {
    const m: unknown = JSON.parse(String(data));
    return typeof m === 'object' && m !== null && typeof (m as ServerMessage).type === 'string'
      ? (m as ServerMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One guest call: connect, hello, offer; the setup time runs from sending the offer until the
 * `answer` arrives. Then hangs up and waits for the server to close the socket.
 */
export function guestCall(url: string, name: string, offer: string, timeoutMs: number): Promise<CallResult> {
  const start = performance.now();
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let stage = 'connect';
    let offerAt = 0;
    let setupMs = -1;
    let jid = '';
    let settled = false;
    const finish = (r: CallResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
      resolve(r);
    };
    const fail = (error: string): void => {
      if (jid !== '') mark(jid, 'failed');
      finish({ ok: false, stage, error, totalMs: performance.now() - start });
    };
    const timer = setTimeout(() => fail(`no progress within ${timeoutMs} ms`), timeoutMs);
    ws.on('error', (err) => fail(err.message));
    ws.on('open', () => {
      stage = 'hello';
      ws.send(JSON.stringify({ type: 'hello', name }));
    });
    ws.on('message', (data) => {
      const m = parse(data);
      if (m === undefined) return fail('unparsable server message');
      if (m.type === 'ready' && stage === 'hello') {
        stage = 'offer';
        jid = String(m['jid']);
        mark(jid, 'offer');
        offerAt = performance.now();
        ws.send(JSON.stringify({ type: 'offer', sdp: offer }));
      } else if (m.type === 'ringing' && stage === 'offer') {
        stage = 'ringing';
      } else if (m.type === 'answer' && (stage === 'offer' || stage === 'ringing')) {
        setupMs = performance.now() - offerAt;
        mark(jid, 'answer');
        stage = 'hangup';
        ws.send(JSON.stringify({ type: 'hangup' }));
      } else if (m.type === 'ended' && stage === 'hangup') {
        stage = 'closing';
      } else if (m.type === 'ended' || m.type === 'error') {
        fail(`${m.type}: ${String(m['reason'] ?? m['code'])}: ${String(m['text'] ?? m['message'])}`);
      }
    });
    ws.on('close', (code) => {
      if (setupMs >= 0 && (stage === 'closing' || stage === 'hangup'))
        finish({ ok: true, setupMs, totalMs: performance.now() - start });
      else fail(`socket closed (${code}) in stage ${stage}`);
    });
  });
}

/** An idle guest: connected and greeted (`ready` received), then left open until closed. */
export function idleGuest(url: string, name: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`idle guest not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('error', (err) => {
      clearTimeout(timer);
      ws.terminate();
      reject(err);
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', name })));
    ws.once('message', (data) => {
      clearTimeout(timer);
      const m = parse(data);
      if (m?.type === 'ready') resolve(ws);
      else {
        ws.terminate();
        reject(new Error(`expected ready, got ${String(data).slice(0, 200)}`));
      }
    });
  });
}

/** Closes sockets politely and waits until all are closed (terminating stragglers after `ms`). */
export async function closeAll(sockets: readonly WebSocket[], ms = 10_000): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => ws.terminate(), ms);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1000);
        }),
    ),
  );
}

/** Runs `total` tasks with at most `concurrency` in flight; results in task order. */
export async function pool<T>(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(total);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
