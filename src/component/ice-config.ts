// STUN/TURN for call-link guests from the component's own settings, for servers that will not tell a
// component (Prosody 0.12 answers XEP-0215 queries from components with <forbidden/>, see
// docs/component.md "ICE servers for guests"): a fixed list (--ice-servers JSON), and/or TURN REST
// credentials minted per guest from coturn's shared secret (draft-uberti-behave-turn-rest-00 §2.2,
// the scheme of coturn's use-auth-secret and of Prosody's mod_turn_external).
import { createHmac } from 'node:crypto';
import type { ExtService, IceServer } from '../jingle/extdisco.js';

export interface TurnRestSettings {
  host: string;
  port: number;
  /** coturn's static-auth-secret. */
  secret: string;
  /** Lifetime of minted credentials. coturn refuses refreshes after it, so it bounds a call's length. */
  ttlSeconds: number;
}

export interface IceSettings {
  /** Entries given as JSON, validated and split into one URL each. */
  servers: IceServer[];
  turn: TurnRestSettings | undefined;
}

export const MAX_ICE_SERVERS = 16;
const MAX_URL_LENGTH = 512;
const MAX_CREDENTIAL_LENGTH = 512;
const ICE_SERVER_KEYS = ['urls', 'username', 'credential'] as const;
// WebRTC §4.2.1 accepts stun:, turn:, turns:. No query on stun: (Chromium >= 110 rejects it), no
// whitespace or controls, a host part before any query.
const STUN_URL = /^stun:[^\s?#\p{Cc}]+$/u;
const TURN_URL = /^turns?:[^\s?#\p{Cc}]+(\?transport=(udp|tcp))?$/u;

export type IceServersResult = { ok: true; servers: IceServer[] } | { ok: false; error: string };

/**
 * Validates RTCIceServer-shaped entries (from --ice-servers JSON or a `ready` message) and splits
 * `urls` arrays into one entry per URL. TURN URLs need `username` and `credential`.
 */
export function validateIceServers(value: unknown): IceServersResult {
  const fail = (error: string): IceServersResult => ({ ok: false, error });
  if (!Array.isArray(value)) return fail('must be a JSON array of {urls, username?, credential?}');
  const out: IceServer[] = [];
  for (const [i, entry] of value.entries()) {
    const at = `entry ${i}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      return fail(`${at} is not an object`);
    const e = entry as Record<string, unknown>;
    const extra = Object.keys(e).find((k) => !(ICE_SERVER_KEYS as readonly string[]).includes(k));
    if (extra !== undefined) return fail(`${at} has an unknown field "${extra}"`);
    const urls = typeof e['urls'] === 'string' ? [e['urls']] : e['urls'];
    if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string'))
      return fail(`${at}: "urls" must be a URL or a non-empty array of URLs`);
    for (const k of ['username', 'credential'] as const) {
      const v = e[k];
      if (v !== undefined && (typeof v !== 'string' || v.length > MAX_CREDENTIAL_LENGTH || /\p{Cc}/u.test(v)))
        return fail(`${at}: "${k}" must be a string of at most ${MAX_CREDENTIAL_LENGTH} characters`);
    }
    const username = e['username'] as string | undefined;
    const credential = e['credential'] as string | undefined;
    for (const url of urls as string[]) {
      const turn = TURN_URL.test(url);
      if (url.length > MAX_URL_LENGTH || (!turn && !STUN_URL.test(url)))
        return fail(
          `${at}: "${url}" is not a stun:host[:port] or turn(s):host[:port][?transport=udp|tcp] URL`,
        );
      if (turn && (username === undefined || credential === undefined))
        return fail(`${at}: TURN URL "${url}" needs "username" and "credential"`);
      out.push(turn ? { urls: url, username, credential } : { urls: url });
    }
  }
  if (out.length > MAX_ICE_SERVERS) return fail(`at most ${MAX_ICE_SERVERS} URLs`);
  return { ok: true, servers: out };
}

/** `--ice-servers` / JB_COMPONENT_ICE_SERVERS text. */
export function parseIceServersJson(text: string): IceServersResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'is not valid JSON' };
  }
  return validateIceServers(value);
}

/**
 * TURN REST credentials for one guest: username `<expiry unix seconds>:<user>`, password
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the password and checks the expiry.
 */
export function turnRestCredentials(
  secret: string,
  user: string,
  expiresAtSeconds: number,
): { username: string; password: string } {
  const username = `${expiresAtSeconds}:${user}`;
  return { username, password: createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * The TURN server as XEP-0215 would describe it (STUN and TURN over UDP, TURN over TCP), so the one
 * mapping in src/jingle/extdisco.ts turns it into URLs.
 */
export function turnRestServices(t: TurnRestSettings, user: string, nowMs: number): ExtService[] {
  const expires = Math.floor(nowMs / 1000) + t.ttlSeconds;
  const creds = turnRestCredentials(t.secret, user, expires);
  const base = { host: t.host, port: t.port, restricted: false };
  const turn = {
    ...base,
    type: 'turn',
    username: creds.username,
    password: creds.password,
    expires: expires * 1000,
  };
  return [
    { ...base, type: 'stun', transport: 'udp' },
    { ...turn, transport: 'udp' },
    { ...turn, transport: 'tcp' },
  ];
}
