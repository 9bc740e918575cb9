// The Node side of our Prosody/coturn stack: config rendering, accounts, process control.
export { startXmppStack } from './xmppStack.js';
export type { XmppStack, XmppStackOptions } from './xmppStack.js';
export { renderProsodyConfig, prosodyPaths, PROSODY_TEMPLATE, PACKAGE_ROOT } from './prosodyConfig.js';
export type { ProsodySettings } from './prosodyConfig.js';
export { renderCoturnConfig, coturnPaths } from './coturnConfig.js';
export type { CoturnSettings } from './coturnConfig.js';
export { writeAccount, writeContacts, scramRecord, encodeStorageName, SCRAM_ITERATIONS } from './accounts.js';
export { PortInUseError, claimPorts, freePort, isTcpPortFree, isUdpPortFree } from './ports.js';
export { ServiceStartError } from './service.js';
export { luaString, luaValue } from './lua.js';
