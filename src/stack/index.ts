// The Node side of our Prosody/coturn stack: config rendering, accounts, process control.
export { startXmppStack } from './xmpp-stack.js';
export type { XmppStack, XmppStackOptions } from './xmpp-stack.js';
export { renderProsodyConfig, prosodyPaths, PROSODY_TEMPLATE, PACKAGE_ROOT } from './prosody-config.js';
export type { ProsodySettings } from './prosody-config.js';
export { renderCoturnConfig, coturnPaths } from './coturn-config.js';
export type { CoturnSettings } from './coturn-config.js';
export { writeAccount, writeContacts, scramRecord, encodeStorageName, SCRAM_ITERATIONS } from './accounts.js';
export { PortInUseError, claimPorts, freePort, isTcpPortFree, isUdpPortFree } from './ports.js';
export { ServiceStartError } from './service.js';
export { luaString, luaValue } from './lua.js';
