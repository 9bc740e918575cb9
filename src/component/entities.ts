// What each JID of the component says about itself in disco#info (XEP-0030) and caps (XEP-0115).
import { CALL_FEATURES } from '../jingle/features.js';
import type { DiscoInfo } from '../jingle/caps.js';
import { NS_CAPS, NS_COMMANDS, NS_DATA_FORMS, NS_DISCO_INFO, NS_DISCO_ITEMS } from '../jingle/ns.js';

export const ECHO_LOCAL = 'echo';

/**
 * echo@: a callee. Conversations shows its call buttons only when caps contain jingle:1, ice-udp:1,
 * rtp:1, dtls:0 and rtp:audio (+ rtp:video) (docs/reference/xep-rules.md §13). Identity client/pc: a
 * client category is what call UIs look for; "pc" over "phone" because it is not a handset.
 */
export const ECHO_INFO: DiscoInfo = {
  identities: [{ category: 'client', type: 'pc', name: 'jingle-bridge echo test' }],
  features: [NS_CAPS, NS_DISCO_INFO, ...CALL_FEATURES],
};

/**
 * The component domain, with ad-hoc commands (XEP-0050 §2.1). component/generic: the XEP-0030 registry
 * has no gateway type for web guests, and an unregistered type would be worse than a generic one.
 */
export const DOMAIN_INFO: DiscoInfo = {
  identities: [{ category: 'component', type: 'generic', name: 'jingle-bridge' }],
  features: [NS_DISCO_INFO, NS_DISCO_ITEMS, NS_COMMANDS],
};

/** XEP-0050 §2.3: a command node answers disco#info with identity automation/command-node. */
export const COMMAND_NODE_INFO: DiscoInfo = {
  identities: [{ category: 'automation', type: 'command-node', name: 'Create call link' }],
  features: [NS_COMMANDS, NS_DATA_FORMS],
};
