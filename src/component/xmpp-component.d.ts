// The part of @xmpp/component 0.13 (CommonJS, no published types) that xmpp.ts touches.
declare module '@xmpp/component' {
  import type { Element } from 'ltx';

  interface Entity {
    status: string;
    /** The node:net socket while connected (@xmpp/connection-tcp). */
    socket: { setNoDelay(noDelay?: boolean): unknown } | null;
    on(event: 'stanza' | 'element', fn: (el: Element) => void): void;
    on(event: 'connect' | 'online' | 'disconnect' | 'offline', fn: () => void): void;
    on(event: 'status', fn: (status: string) => void): void;
    on(event: 'error', fn: (err: Error & { condition?: string }) => void): void;
    removeAllListeners(event: string): void;
    connect(service: string): Promise<void>;
    open(opts: { domain: string }): Promise<void>;
    send(el: Element): Promise<void>;
    stop(): Promise<void>;
    reconnect: { stop(): void };
  }

  export function component(opts: { service: string; domain: string; password: string }): Entity;
}
