// Connection states seen by the user of the client (a coarser view of xmpp.js's statuses).
//   offline --start()--> connecting --bound + SM enabled--> online
//   online --socket lost, SM resumable--> resuming --<resumed/>--> online
//   online --socket lost, not resumable--> reconnecting --new session--> online
//   resuming --<failed/>, new session--> online          (stanzas in flight are reported lost)
//   connecting --error--> failed ;  reconnecting --auth error | attempts exhausted--> failed
//   any --stop()--> offline
export const CONNECTION_STATES = {
  offline: 'offline',
  connecting: 'connecting',
  online: 'online',
  resuming: 'resuming',
  reconnecting: 'reconnecting',
  failed: 'failed',
} as const;
export type ConnectionState = (typeof CONNECTION_STATES)[keyof typeof CONNECTION_STATES];
