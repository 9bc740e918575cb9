// "Create call link" (issue #6): runs the bridge component's XEP-0050 ad-hoc command
// (src/component/adhoc.ts) in one step, by sending the submit form with `execute` (XEP-0050 §3.4
// allows a single-stage execute; the component completes at once), and reads the `url` and `expires`
// fields of the result form (XEP-0004 §3.4). The web app calls it as `client.createCallLink()`.
import { NS_COMMANDS, NS_DATA_FORMS } from '../../jingle/ns.js';
import { xml, type IqCaller } from '../xmpp.js';

export const CREATE_CALL_LINK_NODE = 'urn:jingle-bridge:create-call-link';

/** How long a link is valid (seconds) and whether it takes one call or any number. */
export interface CallLinkOptions {
  expiry: string;
  use: 'single' | 'multiple';
}

export interface CallLink {
  url: string;
  /** ISO 8601, when the component says. */
  expires: string | undefined;
}

/** The component's own wait is short; a loaded server may still take a while to pass the IQ on. */
const CALL_LINK_TIMEOUT_MS = 15_000;

/**
 * Rejects with the IQ's StanzaError (its `condition` says why: service-unavailable, forbidden, ...),
 * a TimeoutError, or an Error when the result carries no link.
 */
export async function requestCallLink(
  iqCaller: IqCaller,
  componentDomain: string,
  options: CallLinkOptions,
): Promise<CallLink> {
  const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));
  const command = xml(
    'command',
    { xmlns: NS_COMMANDS, node: CREATE_CALL_LINK_NODE, action: 'execute' },
    xml(
      'x',
      { xmlns: NS_DATA_FORMS, type: 'submit' },
      field('expiry', options.expiry),
      field('use', options.use),
    ),
  );
  const reply = await iqCaller.set(command, componentDomain, CALL_LINK_TIMEOUT_MS);
  const form = reply?.getChild('x', NS_DATA_FORMS);
  const value = (name: string): string | undefined =>
    form
      ?.getChildren('field')
      .find((f) => f.attrs['var'] === name)
      ?.getChildText('value') ?? undefined;
  const url = value('url');
  if (reply?.attrs['status'] !== 'completed' || !url) throw new Error('The call link service gave no link.');
  return { url, expires: value('expires') };
}
