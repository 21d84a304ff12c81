/**
 * The request/reply layer of the sandbox ↔ UI channel, declared once for both ends.
 * A request (`apply`, `settings-get`, `settings-set`) carries a `requestId`; the sandbox
 * answers it exactly once, with its reply type or with `error`, and within a time limit,
 * so no UI request can wait forever:
 *  - the sandbox (`answerRequestAsync`) turns a throwing handler into an `error` reply
 *    and one that runs past `timeoutMs` into an `error` reply naming the limit;
 *  - the UI (ui/channel) rejects a request whose answer has not come `UI_GRACE_MS` after
 *    that, the case where the sandbox itself is gone or never saw the message.
 */
import { parseToUi, type ToSandbox, type ToUi } from './sandbox';

export type RequestMessage = Extract<ToSandbox, { requestId: number }>;
export type RequestType = RequestMessage['type'];
export type RequestOf<T extends RequestType> = Extract<RequestMessage, { type: T }>;

/** Each request's reply type and how long the sandbox gives its handler. */
export const REQUESTS = {
  // Writing up to 256 vector layers (and clipping copies) is synchronous work in Figma: a
  // minute is far beyond any real write, short enough that a stuck one is reported.
  apply: { reply: 'apply-done', timeoutMs: 60_000 },
  // A batch writes up to 500 layers' cutouts at once: the same reasoning, with room for its size.
  'apply-batch': { reply: 'apply-batch-done', timeoutMs: 120_000 },
  'settings-get': { reply: 'settings', timeoutMs: 10_000 },
  'settings-set': { reply: 'settings', timeoutMs: 10_000 },
} as const satisfies Record<RequestType, { reply: ToUi['type']; timeoutMs: number }>;

export type ReplyOf<T extends RequestType> = Extract<ToUi, { type: (typeof REQUESTS)[T]['reply'] }>;
/** What a sandbox handler returns: the reply without its `type` and `requestId`. */
export type ReplyBody<T extends RequestType> = Omit<ReplyOf<T>, 'type' | 'requestId'>;

/** The UI waits this much past the sandbox's own limit, so a sandbox timeout's error reply arrives first. */
export const UI_GRACE_MS = 5_000;

export const isRequest = (msg: ToSandbox): msg is RequestMessage => 'requestId' in msg;

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

/**
 * Runs `handle` for one request and posts its one answer: the reply (checked against the
 * schema like any message, so a handler's bad reply becomes an error reply, not a broken
 * UI), or `error` with the failure's message (a handler may throw or reject). Resolves with
 * the failure (null if none) for the caller to report; a handler that finishes after its
 * timeout is not answered twice.
 */
export const answerRequestAsync = async <T extends RequestType>(
  msg: RequestOf<T>,
  handle: (msg: RequestOf<T>) => Promise<ReplyBody<T>>,
  post: (reply: ToUi) => void,
): Promise<Error | null> => {
  const { reply, timeoutMs } = REQUESTS[msg.type];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`"${msg.type}" did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    const body = await Promise.race([handle(msg), timeout]);
    post(parseToUi({ ...body, type: reply, requestId: msg.requestId }));
    return null;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', requestId: msg.requestId, message: failure.message });
    return failure;
  } finally {
    clearTimeout(timer);
  }
};
