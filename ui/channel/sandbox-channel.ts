/**
 * The UI side of the sandbox ↔ UI channel. Incoming messages are validated with
 * the shared schema (a malformed one throws loudly); requests carry ids, and each
 * settles exactly once: its reply resolves it, an `error` reply or a reply of the
 * wrong type rejects it, and so does silence past the sandbox's limit plus a grace
 * period (contracts/sandbox-requests.ts), so nothing waits forever.
 */
import { parseToUi, type ToSandbox, type ToUi } from '../../contracts/sandbox';
import { REQUESTS, UI_GRACE_MS, type ReplyOf, type RequestMessage, type RequestOf, type RequestType } from '../../contracts/sandbox-requests';

export interface SandboxChannel {
  send(msg: ToSandbox): void;
  /** Subscribes to every valid incoming message; returns the unsubscribe function. */
  on(listener: (msg: ToUi) => void): () => void;
  request<T extends RequestType>(type: T, body: Omit<RequestOf<T>, 'requestId' | 'type'>): Promise<ReplyOf<T>>;
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
  const pending = new Map<number, { type: RequestType; settle: (reply: ToUi | Error) => void }>();
  /** Requests given up on: their late answers are dropped quietly, not reported as unknown. */
  const abandoned = new Set<number>();
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
        if (!abandoned.delete(msg.requestId)) onInvalid(new ChannelError(`reply "${msg.type}" for unknown request ${msg.requestId}`));
        return;
      }
      if (msg.type === 'error') waiter.settle(new ChannelError(msg.message));
      else if (msg.type !== REQUESTS[waiter.type].reply) waiter.settle(new ChannelError(`"${waiter.type}" was answered with "${msg.type}"`));
      else waiter.settle(msg);
    }
    for (const listener of listeners) listener(msg);
  });

  return {
    send: (msg) => port.post(msg),
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    request: <T extends RequestType>(type: T, body: Omit<RequestOf<T>, 'requestId' | 'type'>) =>
      new Promise<ReplyOf<T>>((resolve, reject) => {
        const requestId = nextId++;
        const limitMs = REQUESTS[type].timeoutMs + UI_GRACE_MS;
        const timer = setTimeout(() => {
          pending.delete(requestId);
          abandoned.add(requestId);
          reject(new ChannelError(`the plugin did not answer "${type}" within ${limitMs / 1000} s`));
        }, limitMs);
        pending.set(requestId, {
          type,
          settle: (reply) => {
            clearTimeout(timer);
            pending.delete(requestId);
            // The reply's type was checked against REQUESTS[type].reply above.
            if (reply instanceof Error) reject(reply);
            else resolve(reply as ReplyOf<T>);
          },
        });
        try {
          port.post({ ...body, type, requestId } as RequestMessage);
        } catch (error) {
          // Not sent (e.g. the iframe is being torn down): settle now rather than at the timeout.
          pending.get(requestId)?.settle(error instanceof Error ? error : new Error(String(error)));
        }
      }),
  };
};
