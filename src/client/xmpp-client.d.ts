// @xmpp/client 0.14 ships no TypeScript types. This declares only the surface src/client uses, so a
// change in xmpp.js shows up as a type error here rather than a runtime surprise elsewhere.
declare module '@xmpp/client' {
  import type { Element } from 'ltx';

  export type XmlChild = Element | string | undefined | null | false;
  export function xml(
    name: string,
    attrs?: Record<string, string | number | undefined> | null,
    ...children: XmlChild[]
  ): Element;

  export interface JID {
    local: string;
    domain: string;
    resource: string;
    toString(): string;
    bare(): JID;
  }

  export interface IqContext {
    stanza: Element;
    element: Element;
    from: JID | null;
    id: string;
    type: string;
  }
  export type IqHandler = (
    ctx: IqContext,
  ) => Element | boolean | undefined | Promise<Element | boolean | undefined>;

  export interface IqCaller {
    /** Pending requests by iq id (internal to xmpp.js, read by connection.ts). */
    handlers: Map<string, unknown>;
    request(stanza: Element, timeout?: number): Promise<Element>;
    get(element: Element, to?: string, timeout?: number): Promise<Element | undefined>;
    set(element: Element, to?: string, timeout?: number): Promise<Element | undefined>;
  }
  export interface IqCallee {
    get(ns: string, name: string, handler: IqHandler): void;
    set(ns: string, name: string, handler: IqHandler): void;
  }

  export interface Emitter {
    on(event: string, listener: (...args: never[]) => void): this;
    once(event: string, listener: (...args: never[]) => void): this;
    prependListener(event: string, listener: (...args: never[]) => void): this;
    removeListener(event: string, listener: (...args: never[]) => void): this;
    removeAllListeners(event?: string): this;
  }

  export interface StreamManagement extends Emitter {
    enabled: boolean;
    id: string;
    inbound: number;
    outbound: number;
    outbound_q: Array<{ stanza: Element; stamp: string }>;
    timeout: number;
    requestAckInterval: number;
  }

  export interface Reconnect extends Emitter {
    delay: number;
    start(): void;
    stop(): void;
    reconnect(): Promise<void>;
  }

  export interface SaslMechanismClass {
    new (): SaslMechanism;
    prototype: { name: string; clientFirst: boolean };
  }
  export interface SaslMechanism {
    name: string;
    clientFirst: boolean;
    response(credentials: Record<string, unknown>): string | Promise<string>;
    challenge(challenge: string): unknown;
  }
  export interface SaslFactory {
    _mechs: Array<{ name: string; mech: SaslMechanismClass }>;
    use(name: string, mech: SaslMechanismClass): SaslFactory;
    create(names: string[]): SaslMechanism | null;
  }

  export type Authenticate = (
    done: (credentials: Record<string, unknown>, mechanism: string) => Promise<void>,
    mechanisms: string[],
    fast: unknown,
    entity: XmppClient,
  ) => Promise<void>;

  export interface XmppClient extends Emitter {
    status: string;
    jid: JID | null;
    options: { service?: string; domain?: string; lang?: string };
    /** @xmpp/websocket's Socket over the platform WebSocket; its 'close' is what marks a lost socket. */
    socket: {
      socket?: { close(): void } | null;
      /** Stops listening to the platform WebSocket. */
      _detachSocket(): void;
      emit(event: 'close', dirty: boolean, reason: unknown): boolean;
    } | null;
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    reconnect: Reconnect;
    streamManagement: StreamManagement;
    saslFactory: SaslFactory;
    timeout: number;
    middleware: {
      use(fn: (ctx: IqContext, next: () => Promise<unknown>) => unknown): void;
      filter(fn: (ctx: IqContext, next: () => Promise<unknown>) => unknown): void;
    };
    start(): Promise<JID>;
    stop(): Promise<unknown>;
    disconnect(): Promise<unknown>;
    send(element: Element): Promise<void>;
    write(s: string): Promise<void>;
    isSecure(): boolean;
  }

  export function client(options: {
    service: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: Authenticate;
  }): XmppClient;
}
