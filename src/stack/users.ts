// System users the servers run as. Prosody refuses to run as root (and 0.12.3 then hangs), so as
// root we start it as `prosody` and coturn as `turnserver`; as anyone else, as ourselves.
import { chownSync, readFileSync, readdirSync, statSync } from 'node:fs';

export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The packaged user when we are root, else undefined (run as the current user). */
export function serviceUser(name: 'prosody' | 'turnserver' | 'redis'): ServiceUser | undefined {
  if (!isRoot()) return undefined;
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error(`system user '${name}' does not exist: is the Debian package installed?`);
}

/** Hands a folder (or file) and everything below it to a service user; no-op when not root. */
export function chownTree(path: string, owner: ServiceUser | undefined): void {
  if (!owner) return;
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory()) for (const n of readdirSync(path)) chownTree(`${path}/${n}`, owner);
}
