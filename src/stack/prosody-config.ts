// Renders prosody/prosody.cfg.lua: each {{NAME}} becomes a Lua literal. A placeholder without a
// value, or a value without a placeholder, is a programming error and throws, so the template and
// this table cannot drift apart silently.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { luaString, luaValue } from './lua.js';

/** Works from src/stack/*.ts (tests) and dist/stack/*.js (npm start): both are two levels deep. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PROSODY_TEMPLATE = `${PACKAGE_ROOT}prosody/prosody.cfg.lua`;

export interface ProsodySettings {
  host: string;
  domain: string;
  componentDomain: string;
  componentSecret: string;
  c2sPort: number;
  httpPort: number;
  componentPort: number;
  /** Absent: no mod_turn_external, XEP-0215 answers with an empty list. */
  turn?: { host: string; port: number; secret: string };
  /** Folder that holds data/, certs/, the log and the pid file. */
  dir: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  smacksHibernationSeconds?: number;
}

export function prosodyPaths(dir: string) {
  return {
    config: `${dir}/prosody.cfg.lua`,
    data: `${dir}/data`,
    certs: `${dir}/certs`,
    cert: `${dir}/certs/stack.crt`,
    key: `${dir}/certs/stack.key`,
    log: `${dir}/prosody.log`,
    pid: `${dir}/prosody.pid`,
  } as const;
}

export function renderProsodyConfig(
  s: ProsodySettings,
  template = readFileSync(PROSODY_TEMPLATE, 'utf8'),
): string {
  const p = prosodyPaths(s.dir);
  const values: Record<string, string> = {
    PIDFILE: luaString(p.pid),
    DATA_PATH: luaString(p.data),
    LOG_LEVEL: luaString(s.logLevel ?? 'info'),
    LOG_FILE: luaString(p.log),
    CERTS_DIR: luaString(p.certs),
    CERT_FILE: luaString(p.cert),
    KEY_FILE: luaString(p.key),
    HOST: luaString(s.host),
    C2S_PORT: port(s.c2sPort),
    HTTP_PORT: port(s.httpPort),
    COMPONENT_PORT: port(s.componentPort),
    DOMAIN: luaString(s.domain),
    COMPONENT_DOMAIN: luaString(s.componentDomain),
    COMPONENT_SECRET: luaString(s.componentSecret),
    SMACKS_HIBERNATION: luaValue(s.smacksHibernationSeconds ?? 600),
    TURN_MODULE: s.turn ? '"turn_external"; -- XEP-0215 credentials for coturn' : '-- TURN disabled',
    TURN_SECRET: s.turn ? luaString(s.turn.secret) : 'nil',
    TURN_HOST: s.turn ? luaString(s.turn.host) : 'nil',
    TURN_PORT: s.turn ? port(s.turn.port) : 'nil',
  };
  const used = new Set<string>();
  const out = template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`prosody template: no value for {{${name}}}`);
    used.add(name);
    return v;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`prosody template: no placeholder for ${unused.join(', ')}`);
  return out;
}

function port(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new TypeError(`not a TCP/UDP port: ${n}`);
  return String(n);
}
