// Accounts and rosters written straight into Prosody's internal storage (mod_storage_internal,
// one Lua file per user per store): about 6 ms per account, against 50-60 ms for a
// `prosodyctl register` subprocess here, and it needs no Prosody process or privilege switch.
// Works before start and while Prosody runs (it reads these files at each login); a roster written
// for a user who is online is not seen until that user's last session (including a hibernating
// XEP-0198 session) has ended, because Prosody keeps it in memory.
import { createHash, createHmac, pbkdf2Sync, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { luaTable, luaValue } from './lua.js';
import type { LuaTable } from './lua.js';
import type { ServiceUser } from './users.js';
import { PACKAGE_ROOT } from './prosody-config.js';

const ROSTER_MERGE = `${PACKAGE_ROOT}prosody/roster-merge.lua`;

/** RFC 7677's minimum: Node clients doing SCRAM in JavaScript log in faster than with 10 000. */
export const SCRAM_ITERATIONS = 4096;

/** util.datamanager's file-name encoding: every non-alphanumeric byte becomes %xx. */
export function encodeStorageName(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'), (b) =>
    /[A-Za-z0-9]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0')}`,
  ).join('');
}

export function storageFile(dataDir: string, host: string, store: string, user: string): string {
  return `${dataDir}/${encodeStorageName(host)}/${store}/${encodeStorageName(user)}.dat`;
}

/** The fields mod_auth_internal_hashed stores (RFC 5802 §3: StoredKey = H(ClientKey)). */
export function scramRecord(password: string, salt = randomUUID(), iterations = SCRAM_ITERATIONS): LuaTable {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 20, 'sha1');
  const clientKey = createHmac('sha1', salted).update('Client Key').digest();
  const serverKey = createHmac('sha1', salted).update('Server Key').digest();
  return luaTable([
    ['iteration_count', iterations],
    ['salt', salt],
    ['server_key', serverKey.toString('hex')],
    ['stored_key', createHash('sha1').update(clientKey).digest('hex')],
  ]);
}

const LOCALPART = /^[^\s@/"&'<>:]+$/;

/** Splits 'alice' or 'alice@localhost' into a localpart of `domain`. */
export function localpart(userOrJid: string, domain: string): string {
  const at = userOrJid.indexOf('@');
  const local = at < 0 ? userOrJid : userOrJid.slice(0, at);
  if (at >= 0 && userOrJid.slice(at + 1) !== domain) {
    throw new TypeError(`${userOrJid} is not an account of ${domain}`);
  }
  if (!LOCALPART.test(local)) throw new TypeError(`not a usable XMPP localpart: ${JSON.stringify(local)}`);
  return local.toLowerCase();
}

export function writeAccount(
  dataDir: string,
  domain: string,
  user: string,
  password: string,
  owner?: ServiceUser,
): void {
  if (password === '') throw new TypeError('writeAccount: empty password');
  const file = storageFile(dataDir, domain, 'accounts', localpart(user, domain));
  writeStorage(file, scramRecord(password), owner);
}

/** Mutual `both` subscription (RFC 6121 §3) between two local users, keeping their other items. */
export function writeContacts(
  dataDir: string,
  domain: string,
  a: string,
  b: string,
  owner?: ServiceUser,
): void {
  const la = localpart(a, domain);
  const lb = localpart(b, domain);
  if (la === lb) throw new TypeError(`makeContacts: ${la} cannot be their own contact`);
  addRosterItem(dataDir, domain, la, `${lb}@${domain}`, lb, owner);
  addRosterItem(dataDir, domain, lb, `${la}@${domain}`, la, owner);
}

/**
 * A service (e.g. the bridge's echo@) in a local user's roster with a `both` subscription, so the
 * user's server probes it at login and the service's presence and caps show it as callable.
 */
export function writeServiceContact(
  dataDir: string,
  domain: string,
  user: string,
  service: string,
  name: string,
  owner?: ServiceUser,
): void {
  addRosterItem(dataDir, domain, localpart(user, domain), service, name, owner);
}

function addRosterItem(
  dataDir: string,
  domain: string,
  user: string,
  contact: string,
  name: string,
  owner?: ServiceUser,
) {
  const file = storageFile(dataDir, domain, 'roster', user);
  // Prosody's own serializer does the merge, so items Prosody wrote are kept as they are.
  const r = spawnSync('lua5.4', [ROSTER_MERGE, file, contact, name], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`roster merge for ${user}@${domain} failed: ${r.error?.message ?? r.stderr.trim()}`);
  }
  writeFileAtomic(file, r.stdout, owner);
}

function writeStorage(file: string, table: LuaTable, owner?: ServiceUser): void {
  writeFileAtomic(file, `return ${luaValue(table)};\n`, owner);
}

function writeFileAtomic(file: string, text: string, owner?: ServiceUser): void {
  const dir = file.slice(0, file.lastIndexOf('/'));
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const tmp = `${file}.tmp${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o640 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(dir.slice(0, dir.lastIndexOf('/')), owner.uid, owner.gid);
    chownSync(tmp, owner.uid, owner.gid);
  }
  renameSync(tmp, file);
}
