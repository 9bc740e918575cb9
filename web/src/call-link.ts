// "Create call link" (issue #6): runs the bridge component's XEP-0050 ad-hoc command
// (src/component/adhoc.ts) in one step, by sending the submit form with `execute` (XEP-0050 §3.4
// allows a single-stage execute; the component completes at once), and reads the `url` field of the
// result form (XEP-0004 §3.4).
import type { Client } from '../../src/client/index.js';
import { node as el } from './xml-node.js';
import type { XmlNode } from './xml-node.js';

export const CREATE_CALL_LINK_NODE = 'urn:jingle-bridge:create-call-link';
const NS_COMMANDS = 'http://jabber.org/protocol/commands';
const NS_DATA = 'jabber:x:data';

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

type Stanza = Parameters<Client['internals']['iqCaller']['set']>[0];

const field = (v: string, value: string): XmlNode => el('field', { var: v }, el('value', {}, value));

export async function createCallLink(
  client: Client,
  componentDomain: string,
  choice: { expiry: LinkExpiry; use: LinkUse },
): Promise<{ url: string; expires: string | undefined }> {
  const command = el(
    'command',
    { xmlns: NS_COMMANDS, node: CREATE_CALL_LINK_NODE, action: 'execute' },
    el('x', { xmlns: NS_DATA, type: 'submit' }, field('expiry', choice.expiry), field('use', choice.use)),
  );
  // The iq wrapper is a real ltx Element made by the client; only this child is ours (xml-node.ts).
  const reply = await client.internals.iqCaller.set(command as unknown as Stanza, componentDomain, 15_000);
  const form = reply?.getChild('x', NS_DATA);
  const value = (name: string): string | undefined =>
    form
      ?.getChildren('field')
      .find((f) => f.attrs['var'] === name)
      ?.getChildText('value') ?? undefined;
  const url = value('url');
  if (reply?.attrs['status'] !== 'completed' || !url) throw new Error('The call link service gave no link.');
  return { url, expires: value('expires') };
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
