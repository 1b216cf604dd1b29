/**
 * A response body written page by page as the reader takes it. The stream pulls
 * the next page only when the previous one has been read, so a slow download holds a
 * page or two in memory (the page sources read one ahead, export/query.ts) and not the
 * whole export.
 *
 * `onEnd` runs before the stream closes: a reader that sees the end of the body
 * knows the export was recorded (the audit entry is written there, and if that
 * write fails the body ends in an error rather than looking complete). A reader
 * that goes away early cancels the stream; `onCancel` is told how far it got.
 *
 * A body that fails midway ends in two steps: first the format's own words for
 * "this file is incomplete" (`failure`), then the stream's error. The error is
 * for a reader in the Worker and for any proxy that honours it; the words are for
 * the person with the file, because workerd finishes a response whose body
 * errors with a clean end of message (cloudflare/workerd#6818), and a download
 * cut short would otherwise look like a shorter, complete file.
 *
 * A page's text is a string (CSV, NDJSON) or bytes already encoded (XLSX, whose
 * ZIP also has a `tail`: the parts written once the rows are).
 */
import { loggableFailure } from '../lib/failure';

export interface StreamSummary {
  /** Data rows written (the header not counted). */
  rows: number;
  /** Rows of the timeline's sheet, when a workbook has one beside the ledger. */
  timelineRows?: number;
  complete: boolean;
}

/** Text to encode, or bytes as they are. */
export type StreamText = string | Uint8Array[];

export interface PageWritten {
  text: StreamText;
  rows: number;
  timelineRows?: number;
}

export interface PagedStreamSource<Page> {
  head: string;
  pages: AsyncIterator<Page>;
  /** The text of a page, and how many rows it holds. */
  write(page: Page): PageWritten;
  /** The last text of a complete body, after `onEnd`. */
  tail?(): StreamText;
  /** The last text of a body that failed after `summary.rows` rows. */
  failure(summary: StreamSummary): StreamText;
  /** The summary counts the timeline's rows apart (`timelineRows`). */
  timelineRows?: boolean;
  onEnd(summary: StreamSummary): Promise<void>;
  onCancel(summary: StreamSummary): void;
  onError(error: unknown, summary: StreamSummary): void;
}

export function pagedStream<Page>(source: PagedStreamSource<Page>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows = 0;
  let timelineRows = 0;
  const summary = (complete: boolean): StreamSummary => (source.timelineRows ? { rows, timelineRows, complete } : { rows, complete });
  /** Whether anything was enqueued. */
  const enqueue = (controller: ReadableStreamDefaultController<Uint8Array>, text: StreamText): boolean => {
    if (typeof text === 'string') {
      if (text) controller.enqueue(encoder.encode(text));
      return text !== '';
    }
    for (const chunk of text) controller.enqueue(chunk);
    return text.length > 0;
  };
  // Each ending is reported once: written to the end (or failed), or cancelled by the reader.
  let settled = false;
  let cancelled = false;
  // Set once the failure's text is queued: the next pull errors the stream (an error
  // at once would drop the text from the queue unread).
  let failed: { error: unknown } | null = null;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (source.head) controller.enqueue(encoder.encode(source.head));
      },
      async pull(controller) {
        if (failed) {
          controller.error(failed.error);
          return;
        }
        try {
          // A pull that enqueues nothing is not called again (the Streams standard; Node keeps
          // to it): a page that gives no bytes (no events, or rows still in the deflate
          // window) is followed by the next one in the same pull.
          for (;;) {
            const next = await source.pages.next();
            // The reader may have gone while the page was read.
            if (cancelled) return;
            if (next.done) {
              settled = true;
              await source.onEnd(summary(true));
              if (source.tail) enqueue(controller, source.tail());
              controller.close();
              return;
            }
            const written = source.write(next.value);
            rows += written.rows;
            timelineRows += written.timelineRows ?? 0;
            if (enqueue(controller, written.text)) return;
          }
        } catch (err) {
          if (cancelled) return;
          settled = true;
          const failedAt = summary(false);
          source.onError(err, failedAt);
          // The body's error is the failure's loggable text (lib/failure.ts): a host that logs a failed
          // response body's error (the Node host's server does) never prints a failed query's values.
          failed = { error: loggableFailure(err) };
          // A failure's own words that cannot be written leave the error alone to say it.
          let words: StreamText = '';
          try {
            words = source.failure(failedAt);
          } catch {
            // nothing more to write
          }
          enqueue(controller, words);
        }
      },
      async cancel() {
        if (settled || cancelled) return;
        cancelled = true;
        source.onCancel(summary(false));
        await source.pages.return?.(undefined);
      },
    },
    // One page written ahead of the reader at most.
    { highWaterMark: 1 },
  );
}
