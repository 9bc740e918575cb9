// What the component does when one of its listeners throws (src/jingle/emitter.ts catches it): log
// it and carry on, so a broken seam cannot take the guest sockets or the XMPP connection down.
export function logListenerError(error: unknown, event: PropertyKey): void {
  console.error(`listener for "${String(event)}" threw:`, error);
}
