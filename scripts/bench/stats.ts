/**
 * What the load benches count, per kind of request: every latency (milliseconds,
 * kept whole so p50 and p99 are exact rather than estimated from buckets), the
 * answers by status, and the requests that got no answer at all (errors).
 */

export class Tally {
  readonly latencies: number[] = [];
  readonly statuses = new Map<number, number>();
  /** The first answer of each 5xx status, to say what failed. */
  readonly serverErrorSamples = new Map<number, string>();
  errors = 0;

  /** `body` is read only for the first answer of each 5xx status, kept as its sample. */
  answered(status: number, ms: number, body: () => string = () => ''): void {
    this.latencies.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500 && !this.serverErrorSamples.has(status)) this.serverErrorSamples.set(status, body().slice(0, 500));
  }

  failed(): void {
    this.errors++;
  }

  get requests(): number {
    return this.latencies.length + this.errors;
  }

  count(test: (status: number) => boolean): number {
    let n = 0;
    for (const [status, k] of this.statuses) if (test(status)) n += k;
    return n;
  }

  /** All tallies of a run together. */
  static merge(tallies: Iterable<Tally>): Tally {
    const all = new Tally();
    for (const t of tallies) {
      for (const ms of t.latencies) all.latencies.push(ms);
      for (const [status, k] of t.statuses) all.statuses.set(status, (all.statuses.get(status) ?? 0) + k);
      all.errors += t.errors;
      for (const [status, body] of t.serverErrorSamples) if (!all.serverErrorSamples.has(status)) all.serverErrorSamples.set(status, body);
    }
    return all;
  }
}

/** The p-th percentile (0 < p ≤ 100), nearest rank; NaN when nothing was measured. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The middle value, or the mean of the two middle ones; NaN when nothing was measured. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  serverErrors: number;
  statuses: Map<number, number>;
}

export function summarise(t: Tally, seconds: number): Summary {
  const sorted = [...t.latencies].sort((a, b) => a - b);
  return {
    requests: t.requests,
    perSecond: t.requests / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: t.errors,
    serverErrors: t.count((s) => s >= 500),
    statuses: t.statuses,
  };
}

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));

export const TABLE_HEADER = `${'kind'.padEnd(26)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(8)}${'5xx'.padStart(6)}  statuses`;

export function tableRow(name: string, s: Summary): string {
  const statuses = [...s.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
  return (
    `${name.padEnd(26)}${String(s.requests).padStart(9)}${s.perSecond.toFixed(1).padStart(9)}${ms(s.p50).padStart(8)}${ms(s.p99).padStart(8)}` +
    `${String(s.errors).padStart(8)}${String(s.serverErrors).padStart(6)}  ${statuses}`
  );
}

export function heading(text: string): void {
  console.log(`\n${text}\n${'-'.repeat(text.length)}`);
}
