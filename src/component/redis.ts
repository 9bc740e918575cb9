// The few Redis commands the link-use store needs (link-store.ts), over RESP2 on one TCP socket:
// requests are arrays of bulk strings, replies are matched to requests in order (the protocol
// answers in order on a connection). A connection in SUBSCRIBE mode only delivers pushes.
import { connect, type Socket } from 'node:net';

export type RedisReply = string | number | null | RedisReply[] | RedisError;

export class RedisError extends Error {
  override readonly name = 'RedisError';
}

export class RedisConnectionError extends Error {
  override readonly name = 'RedisConnectionError';
}

/** One parsed reply from the front of `buf`, or undefined when more bytes are needed. */
export function parseReply(buf: Buffer, at = 0): { value: RedisReply; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const kind = String.fromCharCode(buf[at] ?? 0);
  const line = buf.toString('utf8', at + 1, eol);
  switch (kind) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      return { value: new RedisError(line), end: eol + 2 };
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      const items: RedisReply[] = [];
      let end = eol + 2;
      for (let i = 0; i < n; i += 1) {
        const r = parseReply(buf, end);
        if (!r) return undefined;
        items.push(r.value);
        end = r.end;
      }
      return { value: items, end };
    }
    default:
      throw new RedisConnectionError(`unexpected RESP type byte ${JSON.stringify(kind)}`);
  }
}

export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

export class RedisConnection {
  readonly #socket: Socket;
  readonly #pending: Array<{ resolve: (r: RedisReply) => void; reject: (e: Error) => void }> = [];
  #buf: Buffer = Buffer.alloc(0);
  #closed: Error | undefined;
  /** Pub/sub pushes (`message`, channel, payload) on a subscribed connection. */
  onMessage: ((channel: string, payload: string) => void) | undefined;
  onClose: ((err: Error) => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (d) => this.#data(d));
    socket.on('error', (e) => this.#close(new RedisConnectionError(e.message)));
    socket.on('close', () => this.#close(new RedisConnectionError('connection closed')));
  }

  static open(host: string, port: number, timeoutMs = 2000): Promise<RedisConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new RedisConnectionError(`no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        resolve(new RedisConnection(s));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new RedisConnectionError(`${host}:${port}: ${e.message}`));
      });
    });
  }

  command(...args: string[]): Promise<RedisReply> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#socket.write(encodeCommand(args));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #data(d: Buffer): void {
    this.#buf = this.#buf.length === 0 ? d : Buffer.concat([this.#buf, d]);
    let at = 0;
    for (;;) {
      let r: ReturnType<typeof parseReply>;
      try {
        r = parseReply(this.#buf, at);
      } catch (e) {
        this.#socket.destroy();
        this.#close(e as Error);
        return;
      }
      if (!r) break;
      at = r.end;
      const v = r.value;
      if (Array.isArray(v) && v[0] === 'message' && typeof v[1] === 'string' && typeof v[2] === 'string') {
        this.onMessage?.(v[1], v[2]);
        continue;
      }
      this.#pending.shift()?.resolve(v);
    }
    this.#buf = this.#buf.subarray(at);
  }

  #close(err: Error): void {
    if (this.#closed) return;
    this.#closed = err;
    for (const p of this.#pending.splice(0)) p.reject(err);
    this.onClose?.(err);
  }
}
