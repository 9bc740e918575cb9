// Node XMPP clients and a raw component for the stack tests. @xmpp/client and @xmpp/component ship
// no types: we load them through a variable specifier and describe only what these tests touch.
import WebSocket from 'ws';
import type { Element } from 'ltx';
import type { ProsodyHandle } from '../support/prosody.js';

// @xmpp/client uses the global WebSocket, which Node 20 has only behind a flag.
const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WebSocket;

type Xml = (
  name: string,
  attrs?: Record<string, string> | null,
  ...children: Array<Element | string>
) => Element;
type Authenticate = (creds: { username: string; password: string }, mechanism: string) => Promise<void>;

export interface XmppEntity {
  on(event: 'stanza' | 'element', listener: (el: Element) => void): void;
  on(event: 'error' | 'disconnect' | 'online', listener: (arg: unknown) => void): void;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(el: Element): Promise<void>;
  iqCaller: { request(el: Element, timeout?: number): Promise<Element> };
  iqCallee: { get(ns: string, name: string, handler: (ctx: { stanza: Element }) => Element): void };
  streamManagement?: { enabled: boolean; id: string };
  reconnect?: { delay: number; stop(): void };
  socket: { socket?: { terminate?: () => void; close(): void } } | null;
}

const CLIENT = '@xmpp/client';
const COMPONENT = '@xmpp/component';
const clientModule = (await import(CLIENT)) as {
  client(o: {
    service: string;
    domain: string;
    resource: string;
    credentials: (a: Authenticate) => Promise<void>;
  }): XmppEntity;
  xml: Xml;
};
const componentModule = (await import(COMPONENT)) as {
  component(o: { service: string; domain: string; password: string }): XmppEntity;
};
export const xml: Xml = clientModule.xml;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Collects every incoming element, so a test can wait for one that arrived before it asked. */
export class Inbox {
  readonly seen: Element[] = [];
  constructor(entity: XmppEntity, event: 'stanza' | 'element' = 'stanza') {
    entity.on(event, (el) => this.seen.push(el));
  }
  async next(pred: (el: Element) => boolean, what: string, ms = 5000): Promise<Element> {
    let found: Element | undefined;
    await until(() => (found = this.seen.find(pred)) !== undefined, what, ms);
    return found as Element;
  }
}

export interface TestClient {
  xmpp: XmppEntity;
  jid: string;
  stanzas: Inbox;
  nonzas: Inbox;
}

/** Logs in over WebSocket with PLAIN (loopback) and waits for XEP-0198 <enabled/> (docs/reference/test-environment.md §5). */
export async function login(
  h: Pick<ProsodyHandle, 'wsUrl' | 'domain'>,
  user: string,
  password: string,
  resource = 'node',
): Promise<TestClient> {
  const xmpp = clientModule.client({
    service: h.wsUrl,
    domain: h.domain,
    resource,
    credentials: (authenticate) => authenticate({ username: user, password }, 'PLAIN'),
  });
  xmpp.on('error', () => {});
  const stanzas = new Inbox(xmpp);
  const nonzas = new Inbox(xmpp, 'element');
  await xmpp.start();
  await until(() => xmpp.streamManagement?.enabled === true, `${user}: stream management enabled`);
  return { xmpp, jid: `${user}@${h.domain}/${resource}`, stanzas, nonzas };
}

export async function logout(...clients: Array<TestClient | undefined>): Promise<void> {
  await Promise.all(clients.map((c) => c?.xmpp.stop().catch(() => undefined)));
}

export async function startComponent(h: ProsodyHandle, password = h.componentSecret): Promise<XmppEntity> {
  const c = componentModule.component({
    service: `xmpp://127.0.0.1:${h.componentPort}`,
    domain: h.componentDomain,
    password,
  });
  c.on('error', () => {});
  c.reconnect?.stop();
  await c.start();
  return c;
}

/** The parts of a stanza the tests compare: name, attributes, child elements, text. */
export interface Shape {
  name: string;
  attrs: Record<string, string>;
  children: Array<Shape | string>;
}
export function shape(el: Element): Shape {
  return {
    name: el.name,
    attrs: { ...(el.attrs as Record<string, string>) },
    children: el.children
      .map((c) => (typeof c === 'string' ? c : shape(c as Element)))
      .filter((c) => typeof c !== 'string' || c.trim() !== ''),
  };
}
