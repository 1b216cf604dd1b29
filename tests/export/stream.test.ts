/**
 * The paged stream on its own: it reads a page only when the reader wants one,
 * reports its end before closing, fails loudly when the end cannot be recorded
 * (the failure's words in the body, then an error), and tells how far it got
 * when the reader goes away.
 */
import { describe, expect, it, vi } from 'vitest';
import { pagedStream, type StreamSummary } from '../../worker/export/stream';
import { readToEnd } from './helpers';

async function* pages(n: number, onRead: (i: number) => void = () => {}) {
  for (let i = 0; i < n; i++) {
    onRead(i);
    yield [`row ${i}a`, `row ${i}b`];
  }
}

function source(n: number, overrides: Partial<Parameters<typeof pagedStream<string[]>>[0]> = {}) {
  const calls: Array<[string, StreamSummary]> = [];
  const s = pagedStream<string[]>({
    head: 'head\n',
    pages: pages(n),
    write: (p) => ({ text: p.join('\n') + '\n', rows: p.length }),
    failure: (summary) => `failed after ${summary.rows}\n`,
    onEnd: async (summary) => void calls.push(['end', summary]),
    onCancel: (summary) => void calls.push(['cancel', summary]),
    onError: (_err, summary) => void calls.push(['error', summary]),
    ...overrides,
  });
  return { s, calls };
}

describe('pagedStream', () => {
  it('writes the head, then each page, and reports the end before it closes', async () => {
    const { s, calls } = source(2);
    const text = await new Response(s).text();
    expect(text).toBe('head\nrow 0a\nrow 0b\nrow 1a\nrow 1b\n');
    expect(calls).toEqual([['end', { rows: 4, complete: true }]]);
  });

  it('reads a page only when the reader has taken the one before', async () => {
    // For each page, the chunk the reader was asking for when the page was read (the head is chunk 1).
    let asking = 0;
    const askingWhenRead: number[] = [];
    const s = pagedStream<string[]>({
      head: 'head\n', pages: pages(100, () => askingWhenRead.push(asking)), write: (p) => ({ text: p.join(''), rows: p.length }), failure: () => '',
      onEnd: async () => {}, onCancel: () => {}, onError: () => {},
    });
    const reader = s.getReader();
    for (let chunk = 1; chunk <= 5; chunk++) {
      asking = chunk;
      await reader.read();
    }
    // One page ahead of the reader at most: page i is read no sooner than when chunk i + 1 (the
    // chunk before its own) is asked for. The five chunks taken were the head and four pages, so
    // four pages were read, or five with one ahead. A stream that read ahead would show more
    // pages, read while the reader asked for nothing (0) or an earlier chunk.
    expect(askingWhenRead.length).toBeGreaterThanOrEqual(4);
    expect(askingWhenRead.length).toBeLessThanOrEqual(5);
    askingWhenRead.forEach((asking, page) => expect(asking, `page ${page}`).toBeGreaterThanOrEqual(page + 1));
    // workerd reads page i exactly as chunk i + 1 is taken. Node's web streams settle the reader's
    // promise before they pull again, so there a page is read when its own chunk is asked for: [1, 3, 4, 5].
    if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') expect(askingWhenRead).toEqual([1, 2, 3, 4, 5]);
    await reader.cancel();
  });

  it('ends in the failure and an error, not a complete-looking body, when the end cannot be recorded', async () => {
    const { s, calls } = source(1, { onEnd: async () => Promise.reject(new Error('D1 is down')) });
    const { text, error } = await readToEnd(s);
    expect(text).toBe('head\nrow 0a\nrow 0b\nfailed after 2\n');
    expect(String(error)).toContain('D1 is down');
    expect(calls).toEqual([['error', { rows: 2, complete: false }]]);
  });

  it('reports a failing page as an error with the rows written before it', async () => {
    async function* failing() {
      yield ['a'];
      throw new Error('query failed');
    }
    const { s, calls } = source(0, { pages: failing() });
    const { text, error } = await readToEnd(s);
    // The page before the failure, then the failure's own words, then the error: never a clean end.
    expect(text).toBe('head\na\nfailed after 1\n');
    expect(String(error)).toContain('query failed');
    expect(calls).toEqual([['error', { rows: 1, complete: false }]]);
  });

  it('reports a reader that goes away once, with the rows sent so far, and closes the pages', async () => {
    let closed = false;
    async function* tracked() {
      try {
        yield* pages(10);
      } finally {
        closed = true;
      }
    }
    const { s, calls } = source(0, { pages: tracked() });
    const reader = s.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    // Once the pages are closed, the page being read when the reader left has come back and been dropped:
    // nothing is left that could report a second ending.
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(calls).toEqual([['cancel', { rows: expect.any(Number), complete: false }]]);
    expect([2, 4]).toContain(calls[0]![1].rows);
  });
});
