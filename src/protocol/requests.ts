// Requests over the graph protocol: the webview asks with an id (RequestClient.request), the
// extension answers with the same id (answerRequest). An answer no request waits for is dropped; a
// request with no answer in time fails. No Node, no DOM: both sides use it.
import type {
  HostMessage,
  RequestMessage,
  RequestMethod,
  RequestParams,
  RequestResult,
  ResponseMessage,
} from './messages';

export type RequestFailedMessage = Extract<HostMessage, { type: 'requestFailed' }>;

/** How long the webview waits for an answer (git on a large commit can take a while). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** A request the extension refused or failed, or did not answer in time. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'failed' | 'timeout',
  ) {
    super(message);
  }
}

interface Pending {
  method: RequestMethod;
  resolve(result: unknown): void;
  reject(error: RequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The webview's side: sends requests, and settles each one with the answer that carries its id. */
export class RequestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (message: RequestMessage) => void,
    /** An answer was dropped: one line saying why. */
    private readonly dropped: (reason: string) => void,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {}

  request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const seconds = Math.round(this.timeoutMs / 1000);
        reject(new RequestError(`Stackline did not answer within ${seconds} seconds. Try again.`, 'timeout'));
      }, this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      // TypeScript cannot tie `params` to `method` through the generic; request()'s signature does.
      this.post({ type: 'request', id, method, params } as RequestMessage);
    });
  }

  /** An answer from the extension, already validated. */
  receive(message: ResponseMessage | RequestFailedMessage): void {
    const pending = this.pending.get(message.id);
    const what = message.type === 'response' ? `response.${message.method}` : 'requestFailed';
    if (!pending) return this.dropped(`${what}.id: no request waits for this answer`);
    if (message.type === 'response' && message.method !== pending.method)
      return this.dropped(`${what}.method: the request with this id asked for ${pending.method}`);
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'response') pending.resolve(message.result);
    else pending.reject(new RequestError(message.message, 'failed'));
  }
}

/** The extension's side: one handler per request method (a method without one does not compile). */
export type RequestHandlers = { [M in RequestMethod]: (params: RequestParams<M>) => Promise<RequestResult<M>> };

/** Runs the request's handler: the answer carries the request's id, or says why it failed. */
export async function answerRequest(
  handlers: RequestHandlers,
  request: RequestMessage,
): Promise<ResponseMessage | RequestFailedMessage> {
  const { id } = request;
  try {
    switch (request.method) {
      case 'details':
        return { type: 'response', id, method: request.method, result: await handlers.details(request.params) };
      case 'previewMove':
        return { type: 'response', id, method: request.method, result: await handlers.previewMove(request.params) };
      case 'previewAmend':
        return { type: 'response', id, method: request.method, result: await handlers.previewAmend(request.params) };
    }
  } catch (error) {
    return { type: 'requestFailed', id, message: error instanceof Error ? error.message : String(error) };
  }
}
