/**
 * Requests that Node's HTTP parser refuses before the app sees them: a URL or headers over
 * its limit (16 KB by default, `--max-http-header-size`), bytes that are not HTTP, a request
 * that takes too long to arrive. Node would answer them with a bare status line; here they get
 * the app's error shape (worker/http/errors.ts) and a message a person can read, then the
 * connection is closed, as Node closes it: the parser cannot go on reading from it.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errorBody } from '../worker/http/errors';
import { errorMessages } from '../worker/messages';

/** Node's error code → status, code and message; anything else is a 400. */
const ANSWERS: Record<string, [status: number, reason: string, code: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large', errorMessages.headersTooLarge],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large', 'too_large', errorMessages.tooLarge],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', errorMessages.requestTimeout],
};
const BAD_REQUEST: [number, string, string, string] = [400, 'Bad Request', 'bad_request', errorMessages.badRequest];

/** The raw HTTP/1.1 answer to a request the parser refused with `errorCode`. */
export function clientErrorResponse(errorCode: string | undefined): string {
  const [status, reason, code, message] = ANSWERS[errorCode ?? ''] ?? BAD_REQUEST;
  const body = JSON.stringify(errorBody(code, message));
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json; charset=UTF-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Answers the parser's refusals on `server` in the app's error shape. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: nothing to say to a client that is gone, or in the middle of an answer already sent.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(err.code), () => socket.destroy());
  });
}
