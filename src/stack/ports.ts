// Port checks before anything starts, so a taken port is reported by name instead of surfacing as
// a server that died half-way.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly what: string,
    readonly option: string,
  ) {
    super(`port ${port} (${what}) is already in use; choose another with ${option}, or 0 for any free port`);
  }
}

export function isTcpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export function isUdpPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => resolve(false));
    sock.bind({ address: host, port, exclusive: true }, () => sock.close(() => resolve(true)));
  });
}

/** A port the kernel reports free for both TCP and UDP on `host` right now. */
export async function freePort(host: string, avoid: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen({ host, port: 0, exclusive: true }, () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr !== null ? addr.port : 0;
        srv.close(() => resolve(p));
      });
    });
    if (!avoid.has(port) && (await isUdpPortFree(host, port))) return port;
  }
  throw new Error(`no free port found on ${host}`);
}

export interface PortRequest {
  what: string;
  option: string;
  port: number;
  udp?: boolean;
}

/** Resolves 0 to a free port and checks the others; throws PortInUseError naming the first taken. */
export async function claimPorts(host: string, wanted: readonly PortRequest[]): Promise<number[]> {
  const taken = new Set<number>();
  const out: number[] = [];
  for (const w of wanted) {
    let port = w.port;
    if (port === 0) {
      port = await freePort(host, taken);
    } else {
      const free =
        !taken.has(port) &&
        (await isTcpPortFree(host, port)) &&
        (!w.udp || (await isUdpPortFree(host, port)));
      if (!free) throw new PortInUseError(port, `${w.what} on ${host}`, w.option);
    }
    taken.add(port);
    out.push(port);
  }
  return out;
}
