// Contacts and what they can do: the roster (RFC 6121 §2), presence per resource (§4) and
// subscriptions (§3), XEP-0030 disco#info and XEP-0115 entity capabilities (answering ours, learning
// theirs), and the features a contact needs before we offer a call. It may import the core
// (src/jingle) and the shared files at the top of src/client (errors, bytes, xmpp); nothing of
// connection/ or calls/.
export { Contacts } from './contacts.js';
export { FeatureCache, answerDiscoInfo } from './disco.js';
export { capsVer, discoInfoFromXml } from './caps.js';
export type { DiscoInfo } from './caps.js';
export { ADVERTISED_FEATURES, callableResources, ourDiscoInfo } from './features.js';
export type { CallCapability } from './features.js';
export { AVAILABILITY, ownPresence } from './presence.js';
export type { Availability, ResourcePresence, SubscriptionEvent } from './presence.js';
export type { RosterChange, RosterItem, Subscription } from './roster.js';
