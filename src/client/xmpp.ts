// The one door to @xmpp/client: its typings live in xmpp-client.d.ts, and this reference makes them
// visible to every program that compiles src/client (the build project and the tests alike).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="./xmpp-client.d.ts" />
export { client, xml } from '@xmpp/client';
export type {
  Authenticate,
  IqCallee,
  IqCaller,
  IqContext,
  SaslFactory,
  SaslMechanism,
  XmppClient,
} from '@xmpp/client';
