// How a peer is named on screen: the roster name, or for a guest from a call link (guest-<id>@ the
// bridge component's domain, see src/component/guest/registry.ts) "<name> (guest via call link)".
// Other JIDs there (echo@, the component's test-call service) are ordinary contacts.

export interface Naming {
  componentDomain: string | undefined;
  rosterName(bare: string): string | undefined;
}

const domainOf = (jid: string): string => (jid.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? '';

// In a cluster each bridge instance names its guests under its own subdomain (docs/scaling.md).
export function isGuest(jid: string, naming: Naming): boolean {
  const bridge = naming.componentDomain?.toLowerCase();
  const domain = domainOf(jid);
  return (
    bridge !== undefined &&
    (domain === bridge || domain.endsWith(`.${bridge}`)) &&
    jid.toLowerCase().startsWith('guest-')
  );
}

export function displayName(jid: string, naming: Naming, nick?: string): string {
  const bare = jid.split('/')[0] ?? jid;
  if (isGuest(bare, naming)) return `${nick?.trim() || 'Guest'} (guest via call link)`;
  return naming.rosterName(bare) ?? nick?.trim() ?? bare;
}
