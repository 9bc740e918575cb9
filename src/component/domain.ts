// The component domain itself: disco#info/#items (XEP-0030) listing echo@ and the ad-hoc command
// (XEP-0050 §2.2), and command execution. Everything else -> service-unavailable via the router.
import type { Element } from 'ltx';
import { CREATE_CALL_LINK_NAME, CREATE_CALL_LINK_NODE, type CallLinkCommand } from './adhoc.js';
import { NS_COMMANDS, NS_DISCO_INFO, NS_DISCO_ITEMS } from '../jingle/ns.js';
import { discoInfoQuery, discoItemsQuery } from './caps.js';
import { COMMAND_NODE_INFO, DOMAIN_INFO, ECHO_LOCAL } from './entities.js';
import type { EntityHandler, IqOutcome } from './router.js';

export class DomainEntity implements EntityHandler {
  constructor(
    private readonly domain: string,
    private readonly command: CallLinkCommand,
  ) {}

  iq(iq: Element): IqOutcome | undefined {
    const q = iq.getChildElements()[0];
    if (q === undefined) return undefined;
    const ns = q.attrs['xmlns'];
    const node = q.attrs['node'] as string | undefined;
    const type = iq.attrs['type'];
    if (type === 'set' && q.name === 'command' && ns === NS_COMMANDS) return this.command.execute(iq, q);
    if (type !== 'get' || q.name !== 'query') return undefined;
    if (ns === NS_DISCO_INFO) {
      if (node === undefined) return { result: discoInfoQuery(DOMAIN_INFO) };
      if (node === CREATE_CALL_LINK_NODE) return { result: discoInfoQuery(COMMAND_NODE_INFO, node) };
      return { error: 'itemNotFound' };
    }
    if (ns === NS_DISCO_ITEMS) {
      if (node === undefined)
        return { result: discoItemsQuery([{ jid: `${ECHO_LOCAL}@${this.domain}`, name: 'Echo test call' }]) };
      if (node === NS_COMMANDS) {
        // XEP-0050 §2.2: list only what this requester may run.
        const mine = this.command.mayUse(iq.attrs['from'] as string);
        const items = mine
          ? [{ jid: this.domain, node: CREATE_CALL_LINK_NODE, name: CREATE_CALL_LINK_NAME }]
          : [];
        return { result: discoItemsQuery(items, node) };
      }
      return { error: 'itemNotFound' };
    }
    return undefined;
  }
}
