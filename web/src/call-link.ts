// "Create call link" (issue #6): the choices the link card offers, and the client's XEP-0050 request
// (client.createCallLink(), src/client/calls/call-link.ts) with its failures in plain words.
import type { Client } from '../../src/client/index.js';

export const LINK_EXPIRY = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
] as const;
export const LINK_USE = [
  { value: 'single', label: 'One call' },
  { value: 'multiple', label: 'Any number of calls' },
] as const;
export type LinkExpiry = (typeof LINK_EXPIRY)[number]['value'];
export type LinkUse = (typeof LINK_USE)[number]['value'];

export function createCallLink(
  client: Client,
  componentDomain: string,
  choice: { expiry: LinkExpiry; use: LinkUse },
): Promise<{ url: string; expires: string | undefined }> {
  return client.createCallLink(componentDomain, choice);
}

/** Plain words for a failed ad-hoc request (a StanzaError from @xmpp/iq or a timeout). */
export function callLinkError(error: unknown, componentDomain: string): string {
  const e = error as { condition?: unknown; text?: unknown; name?: unknown } | null;
  if (e?.name === 'TimeoutError') return `The call link service at ${componentDomain} did not answer.`;
  switch (e?.condition) {
    case 'service-unavailable':
    case 'remote-server-not-found':
    case 'item-not-found':
      return `No call link service is running at ${componentDomain}.`;
    case 'forbidden':
    case 'not-allowed':
      return typeof e.text === 'string' && e.text ? e.text : 'You are not allowed to create call links.';
    default:
      return `Could not create a call link: ${error instanceof Error ? error.message : String(error)}`;
  }
}
