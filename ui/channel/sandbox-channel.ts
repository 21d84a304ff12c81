/**
 * The UI side of the sandbox ↔ UI channel. Incoming messages are validated with
 * the shared schema (a malformed one throws loudly); requests carry ids and their
 * replies resolve the matching promise.
 */
import { parseToUi, type ToSandbox, type ToUi } from '../../plugin/protocol/messages';

type Reply<K extends ToUi['type']> = Extract<ToUi, { type: K }>;
type RequestMessage = Extract<ToSandbox, { requestId: number }>;
type Replies = {
  apply: Reply<'apply-done'>;
  'settings-get': Reply<'settings'>;
  'settings-set': Reply<'settings'>;
};

export interface SandboxChannel {
  send(msg: ToSandbox): void;
  /** Subscribes to every valid incoming message; returns the unsubscribe function. */
  on(listener: (msg: ToUi) => void): () => void;
  request<T extends RequestMessage['type']>(type: T, body: Omit<Extract<RequestMessage, { type: T }>, 'requestId' | 'type'>): Promise<Replies[T]>;
}

export interface ChannelPort {
  post(msg: ToSandbox): void;
  listen(handler: (data: unknown) => void): () => void;
}

/** The port inside Figma's iframe: `parent.postMessage({pluginMessage}, '*')` out, `event.data.pluginMessage` in. */
export const figmaPort = (win: Window): ChannelPort => ({
  post: (msg) => win.parent.postMessage({ pluginMessage: msg }, '*'),
  listen: (handler) => {
    const onMessage = (event: MessageEvent<unknown>): void => {
      const data = event.data;
      if (typeof data === 'object' && data !== null && 'pluginMessage' in data) handler(data.pluginMessage);
    };
    win.addEventListener('message', onMessage);
    return () => win.removeEventListener('message', onMessage);
  },
});

export class ChannelError extends Error {
  override name = 'ChannelError';
}

export const createSandboxChannel = (port: ChannelPort, onInvalid: (error: Error) => void): SandboxChannel => {
  const listeners = new Set<(msg: ToUi) => void>();
  const pending = new Map<number, { resolve: (msg: ToUi) => void; reject: (error: Error) => void }>();
  let nextId = 1;

  port.listen((data) => {
    let msg: ToUi;
    try {
      msg = parseToUi(data);
    } catch (error) {
      onInvalid(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if ('requestId' in msg) {
      const waiter = pending.get(msg.requestId);
      if (!waiter) {
        onInvalid(new ChannelError(`reply "${msg.type}" for unknown request ${msg.requestId}`));
        return;
      }
      pending.delete(msg.requestId);
      if (msg.type === 'error') waiter.reject(new ChannelError(msg.message));
      else waiter.resolve(msg);
    }
    for (const listener of listeners) listener(msg);
  });

  return {
    send: (msg) => port.post(msg),
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    request: <T extends RequestMessage['type']>(type: T, body: Omit<Extract<RequestMessage, { type: T }>, 'requestId' | 'type'>) =>
      new Promise<Replies[T]>((resolve, reject) => {
        const requestId = nextId++;
        pending.set(requestId, { resolve: resolve as (msg: ToUi) => void, reject });
        port.post({ ...body, type, requestId } as ToSandbox);
      }),
  };
};
