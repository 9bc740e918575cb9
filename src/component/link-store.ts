// Single-use link state shared by every instance of the component (docs/scaling.md): one Redis key
// per link that is ringing or used up, claimed with SET NX (atomic in Redis, so two instances can
// never both hold it), expiring with the link (PXAT); and a pub/sub channel, so each instance keeps a
// copy of the others' keys in memory for the synchronous checks of link-uses.ts. At every
// (re)connect the copy is rebuilt from a SCAN, which also makes single-use state survive restarts.
import { randomBytes } from 'node:crypto';
import { RedisConnection, RedisError, type RedisReply } from './redis.js';

export interface RemoteLinkEvent {
  op: 'taken' | 'free';
  id: string;
  /** Unix ms, for 'taken'. */
  expiresAt?: number;
}

/** What LinkUses needs from a shared store; link-uses.ts works without one (one instance). */
export interface SharedLinkStore {
  /** True when this instance now holds the link (or the store is unreachable: then we decide alone). */
  claim(id: string, expiresAt: number): Promise<boolean>;
  /** Frees a link this instance reserved and never answered. */
  release(id: string): Promise<void>;
  /** The call was answered: the link is used up until it expires. */
  commit(id: string, expiresAt: number): Promise<void>;
  /** Other instances' claims and releases, and the full set at every (re)connect (`reset` first). */
  subscribe(fn: (e: RemoteLinkEvent) => void, reset: () => void): void;
  close(): void;
}

export interface RedisStoreOptions {
  host: string;
  port: number;
  /** Keys and channel are per component domain, so one Redis can serve several deployments. */
  domain: string;
  log: { info(m: string): void; warn(m: string): void };
}

// Deletes the key only while it still holds our reservation (not a later 'used').
const RELEASE_LUA =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A Redis URL of the form redis://host:port (loopback in `npm start -- --cluster`). */
export function parseRedisUrl(url: string): { host: string; port: number } | undefined {
  const m = /^redis:\/\/(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]+):(\d{1,5})\/?$/.exec(url);
  if (!m?.[1] || !m[2]) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export function redisLinkStore(o: RedisStoreOptions): SharedLinkStore {
  const instance = randomBytes(6).toString('hex');
  const prefix = `jb:link:${o.domain}:`;
  const channel = `jb:link-uses:${o.domain}`;
  let cmd: RedisConnection | undefined;
  let subConn: RedisConnection | undefined;
  let listener: ((e: RemoteLinkEvent) => void) | undefined;
  let reset: (() => void) | undefined;
  let closed = false;
  let delay = 250;
  let timer: NodeJS.Timeout | undefined;
  let warned = false;

  const connect = async (): Promise<void> => {
    if (closed) return;
    let sub: RedisConnection | undefined;
    try {
      const c = await RedisConnection.open(o.host, o.port);
      sub = await RedisConnection.open(o.host, o.port);
      sub.onMessage = (_ch, payload) => {
        const [op, id, exp, from] = payload.split(' ');
        if (from === instance || !id || (op !== 'taken' && op !== 'free')) return;
        listener?.(op === 'taken' ? { op, id, expiresAt: Number(exp) } : { op, id });
      };
      // Subscribe before the scan, so nothing claimed in between is missed.
      await sub.command('SUBSCRIBE', channel);
      reset?.();
      const now = Date.now();
      let cursor = '0';
      do {
        const r = (await c.command('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000')) as [
          string,
          string[],
        ];
        cursor = r[0];
        for (const key of r[1]) {
          const ttl = await c.command('PTTL', key);
          if (typeof ttl === 'number' && ttl > 0)
            listener?.({ op: 'taken', id: key.slice(prefix.length), expiresAt: now + ttl });
        }
      } while (cursor !== '0');
      const onClose = () => {
        if (cmd === c) cmd = undefined;
        if (closed) return;
        c.close();
        sub?.close();
        schedule();
      };
      c.onClose = onClose;
      sub.onClose = onClose;
      cmd = c;
      subConn = sub;
      delay = 250;
      if (warned) o.log.info(`link store: Redis at ${o.host}:${o.port} is back`);
      warned = false;
    } catch (e) {
      sub?.close();
      if (!warned)
        o.log.warn(
          `link store: Redis at ${o.host}:${o.port} unreachable (${(e as Error).message}); single-use links are checked by this instance alone until it is back`,
        );
      warned = true;
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  };
  const publish = (text: string) =>
    cmd?.command('PUBLISH', channel, `${text} ${instance}`).catch(() => undefined);
  const ok = (r: RedisReply) => !(r instanceof RedisError);

  return {
    async claim(id, expiresAt) {
      const c = cmd;
      if (!c) return true;
      try {
        const r = await c.command(
          'SET',
          prefix + id,
          `reserved:${instance}`,
          'NX',
          'PXAT',
          String(expiresAt),
        );
        if (r !== 'OK') return false;
        void publish(`taken ${id} ${expiresAt}`);
        return true;
      } catch {
        return true;
      }
    },
    async release(id) {
      const r = await cmd
        ?.command('EVAL', RELEASE_LUA, '1', prefix + id, `reserved:${instance}`)
        .catch(() => 0);
      if (r === 1) void publish(`free ${id} 0`);
    },
    async commit(id, expiresAt) {
      const r = await cmd
        ?.command('SET', prefix + id, 'used', 'PXAT', String(expiresAt))
        .catch(() => undefined);
      if (r !== undefined && ok(r)) void publish(`taken ${id} ${expiresAt}`);
    },
    subscribe(fn, onReset) {
      listener = fn;
      reset = onReset;
      void connect();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      cmd?.close();
      subConn?.close();
      cmd = undefined;
    },
  };
}
