// Just enough JID handling for the pure core (RFC 7622 §3.1: local@domain/resource). Full
// stringprep/PRECIS normalization is the server's job; we compare what the server stamped.

/** `bob@example.com/phone` -> `bob@example.com`; a bare or domain JID is returned unchanged. */
export function bareJid(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? jid : jid.slice(0, slash);
}

/** The resource part, or undefined for a bare JID. The resource may itself contain '/'. */
export function jidResource(jid: string): string | undefined {
  const slash = jid.indexOf('/');
  return slash === -1 ? undefined : jid.slice(slash + 1);
}

/** The domain part (`example.com` for `bob@example.com/phone`). */
export function jidDomain(jid: string): string {
  const bare = bareJid(jid);
  const at = bare.indexOf('@');
  return at === -1 ? bare : bare.slice(at + 1);
}

/**
 * Local and domain parts are case-insensitive after the server's normalization; the resource is not
 * (RFC 7622 §3.4). Servers stamp `from` in canonical form, so lower-casing the bare part suffices.
 */
export function sameJid(a: string, b: string): boolean {
  return normalize(a) === normalize(b);
}

export function sameBareJid(a: string, b: string): boolean {
  return bareJid(a).toLowerCase() === bareJid(b).toLowerCase();
}

function normalize(jid: string): string {
  const slash = jid.indexOf('/');
  return slash === -1 ? jid.toLowerCase() : jid.slice(0, slash).toLowerCase() + jid.slice(slash);
}
