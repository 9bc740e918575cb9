// The in-call chat of one call: an RTCDataChannel labelled "chat" (XEP-0343 data content), opened by
// the caller when the callee's devices take one, and its state as the app sees it (types.ts ChatState).
import { InvalidStateError } from '../errors.js';
import type { ChatState } from './types.js';

/** Where the chat reports to: the call's `chat` and `chat-state` events. */
export interface ChatPort {
  received(text: string, from: 'local' | 'remote'): void;
  stateChanged(state: ChatState): void;
}

export class ChatChannel {
  #channel: RTCDataChannel | undefined;
  #state: ChatState = 'pending';
  #closed = false;

  constructor(private readonly port: ChatPort) {}

  get state(): ChatState {
    return this.#state;
  }

  /**
   * The caller opens the chat channel when the callee's devices take one (offersDataChannel), so the
   * data content is part of the offer; otherwise the call has no chat.
   */
  open(pc: RTCPeerConnection, offered: boolean): void {
    if (offered) this.listen(pc.createDataChannel('chat'));
    else this.#set('unavailable');
  }

  /** A channel we opened or the peer's (`datachannel` event); only the one labelled "chat" counts. */
  listen(ch: RTCDataChannel): void {
    if (ch.label !== 'chat') return;
    this.#channel = ch;
    if (ch.readyState === 'open') this.#set('open');
    ch.addEventListener('open', () => this.#set('open'));
    ch.addEventListener('close', () => this.#set('closed'));
    ch.addEventListener('message', (e) => {
      const data = (e as MessageEvent).data;
      if (typeof data === 'string') this.port.received(data, 'remote');
    });
  }

  send(text: string): void {
    const ch = this.#channel;
    if (ch === undefined || ch.readyState !== 'open')
      throw new InvalidStateError(
        this.#state === 'unavailable'
          ? "sendChat(): this call has no chat channel (the other party's app does not take one)"
          : 'sendChat(): the chat channel is not open',
      );
    ch.send(text);
    this.port.received(text, 'local');
  }

  /** The peer's first offer says whether the call has a chat: no data section, no chat. */
  offered(sdp: string): void {
    if (this.#channel === undefined && !/^m=application /m.test(sdp)) this.#set('unavailable');
  }

  close(): void {
    this.#closed = true;
    this.#channel?.close();
  }

  #set(state: ChatState): void {
    if (this.#state === state || this.#closed) return;
    this.#state = state;
    this.port.stateChanged(state);
  }
}
