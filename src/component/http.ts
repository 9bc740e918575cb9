// The guest-facing HTTP server: GET /call/<token> (the page, or 403 saying why not),
// /guest.js and /guest.css, and the WebSocket at /call/<token>/ws (guest/ws.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LinkUses } from './link-uses.js';
import type { RateLimiter } from './rate-limit.js';
import { verifyLink, type CallLink, type LinkProblem } from './token.js';
import { GUEST_CSS, callPage, guestScript, refusalPage, simplePage } from './guest/page.js';

export interface LinkChecker {
  check(token: string): { ok: true; link: CallLink } | { ok: false; problem: LinkProblem };
}

export function linkChecker(key: Buffer, uses: LinkUses, now: () => number): LinkChecker {
  return {
    check(token) {
      const t = now();
      const r = verifyLink(token, key, t);
      if (r.ok && r.link.use === 'single' && uses.isTaken(r.link.id, t))
        return { ok: false, problem: 'used' };
      return r;
    },
  };
}

export interface GuestHttpDeps {
  links: LinkChecker;
  connLimiter: RateLimiter;
  now: () => number;
}

/** `/call/<token>` and `/call/<token>/ws`; a token is base64url text with one dot. */
export const CALL_PATH = /^\/call\/([^/]{1,4096})(\/ws)?$/;

// The page loads only its own script and style; media and socket stay same-origin.
export const GUEST_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export function createGuestHttpServer(deps: GuestHttpDeps): Server {
  const script = guestScript();
  return createServer((req, res) => {
    try {
      handle(deps, script, req, res);
    } catch {
      if (!res.headersSent)
        reply(res, 500, 'text/html', simplePage('Something went wrong', 'Please try again.'));
      else res.destroy();
    }
  });
}

function handle(deps: GuestHttpDeps, script: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return reply(res, 405, 'text/plain', 'Method not allowed\n');
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/guest.js') return reply(res, 200, 'text/javascript', script, 'public, max-age=300');
  if (path === '/guest.css') return reply(res, 200, 'text/css', GUEST_CSS, 'public, max-age=300');
  const m = CALL_PATH.exec(path);
  if (m === null || m[2] !== undefined)
    return reply(res, 404, 'text/html', simplePage('Not found', 'There is no page here.'));
  if (!deps.connLimiter.take(clientAddress(req), deps.now())) {
    res.setHeader('Retry-After', '60');
    return reply(
      res,
      429,
      'text/html',
      simplePage('Too many requests', 'Please wait a minute and try again.'),
    );
  }
  const r = deps.links.check(m[1] ?? '');
  if (!r.ok) return reply(res, 403, 'text/html', refusalPage(r.problem));
  reply(res, 200, 'text/html', callPage());
}

function reply(res: ServerResponse, status: number, type: string, body: string, cache = 'no-store'): void {
  res.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': cache,
    'Content-Security-Policy': GUEST_CSP,
    'X-Content-Type-Options': 'nosniff',
    // frame-ancestors 'none' in the CSP; this for browsers that predate it (no clickjacking of Call).
    'X-Frame-Options': 'DENY',
    // The token is in the URL: never send it to anyone as a Referer.
    'Referrer-Policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
