// A minimal TURN client (RFC 8656 Allocate with RFC 8489 long-term credentials) over UDP, enough to
// prove that coturn accepts the credentials Prosody hands out via XEP-0215 and rejects others.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const MAGIC = 0x2112a442;
const METHOD = { allocate: 0x003, refresh: 0x004 } as const;
const CLASS = { request: 0x000, success: 0x100, error: 0x110 } as const;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
} as const;

export type TurnAllocateResult =
  | { ok: true; relayed: { address: string; port: number }; lifetime: number }
  | { ok: false; code: number; reason: string };

interface Message {
  type: number;
  attrs: Map<number, Buffer>;
}

function encode(type: number, attrs: ReadonlyArray<[number, Buffer]>, key?: Buffer): Buffer {
  const body = Buffer.concat(
    attrs.map(([t, v]) => {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(t, 0);
      head.writeUInt16BE(v.length, 2);
      return Buffer.concat([head, v, Buffer.alloc((4 - (v.length % 4)) % 4)]);
    }),
  );
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(header, 8);
  if (!key) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // RFC 8489 §14.5: the HMAC covers the message with the length already counting MESSAGE-INTEGRITY.
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', key)
    .update(Buffer.concat([header, body]))
    .digest();
  const mi = Buffer.alloc(4);
  mi.writeUInt16BE(ATTR.messageIntegrity, 0);
  mi.writeUInt16BE(20, 2);
  return Buffer.concat([header, body, mi, mac]);
}

function decode(b: Buffer): Message | undefined {
  if (b.length < 20 || b.readUInt32BE(4) !== MAGIC) return undefined;
  const attrs = new Map<number, Buffer>();
  for (let i = 20; i + 4 <= b.length;) {
    const t = b.readUInt16BE(i);
    const len = b.readUInt16BE(i + 2);
    attrs.set(t, b.subarray(i + 4, i + 4 + len));
    i += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type: b.readUInt16BE(0), attrs };
}

/** One UDP socket for the whole exchange: a TURN allocation belongs to its 5-tuple. */
function channel(host: string, port: number, timeoutMs: number) {
  const sock = createSocket('udp4');
  const ask = (msg: Buffer) =>
    new Promise<Message>((resolve, reject) => {
      const txid = msg.subarray(8, 20);
      const timer = setTimeout(() => {
        sock.off('message', onMessage);
        reject(new Error(`no TURN answer from ${host}:${port} in ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (data: Buffer) => {
        const m = decode(data);
        if (m && data.subarray(8, 20).equals(txid)) {
          clearTimeout(timer);
          sock.off('message', onMessage);
          resolve(m);
        }
      };
      sock.on('message', onMessage);
      sock.send(msg, port, host, (err) => {
        if (err) reject(err);
      });
    });
  return { ask, close: () => sock.close() };
}

const str = (v: string) => Buffer.from(v, 'utf8');

function errorOf(m: Message): { code: number; reason: string } {
  const e = m.attrs.get(ATTR.errorCode);
  if (!e || e.length < 4) return { code: 0, reason: 'error response without ERROR-CODE' };
  return { code: (e[2] ?? 0) * 100 + (e[3] ?? 0), reason: e.subarray(4).toString('utf8') };
}

function xorAddress(v: Buffer): { address: string; port: number } {
  const port = v.readUInt16BE(2) ^ (MAGIC >>> 16);
  const ip = (v.readUInt32BE(4) ^ MAGIC) >>> 0;
  return { address: [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.'), port };
}

/** Allocate a UDP relay, then release it (Refresh with lifetime 0). */
export async function turnAllocate(opts: {
  host: string;
  port: number;
  username: string;
  password: string;
  timeoutMs?: number;
}): Promise<TurnAllocateResult> {
  const ch = channel(opts.host, opts.port, opts.timeoutMs ?? 3000);
  try {
    const udp = Buffer.from([17, 0, 0, 0]);
    const first = await ch.ask(encode(METHOD.allocate, [[ATTR.requestedTransport, udp]]));
    if (first.type !== (METHOD.allocate | CLASS.error))
      throw new Error('TURN server allocated without credentials');
    const realm = first.attrs.get(ATTR.realm);
    const nonce = first.attrs.get(ATTR.nonce);
    if (!realm || !nonce) return { ok: false, ...errorOf(first) };

    const key = createHash('md5')
      .update(`${opts.username}:${realm.toString('utf8')}:${opts.password}`)
      .digest();
    const auth: Array<[number, Buffer]> = [
      [ATTR.username, str(opts.username)],
      [ATTR.realm, realm],
      [ATTR.nonce, nonce],
    ];
    const res = await ch.ask(encode(METHOD.allocate, [[ATTR.requestedTransport, udp], ...auth], key));
    if (res.type !== (METHOD.allocate | CLASS.success)) return { ok: false, ...errorOf(res) };
    const relayed = res.attrs.get(ATTR.xorRelayedAddress);
    const lifetime = res.attrs.get(ATTR.lifetime)?.readUInt32BE(0) ?? 0;
    if (!relayed) throw new Error('Allocate success without XOR-RELAYED-ADDRESS');
    const released = await ch.ask(encode(METHOD.refresh, [[ATTR.lifetime, Buffer.alloc(4)], ...auth], key));
    if (released.type !== (METHOD.refresh | CLASS.success)) {
      throw new Error(`TURN Refresh(0) failed: ${JSON.stringify(errorOf(released))}`);
    }
    return { ok: true, relayed: xorAddress(relayed), lifetime };
  } finally {
    ch.close();
  }
}
