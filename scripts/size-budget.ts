/**
 * The public page's size budget, as a function of a built folder, so that the
 * build (scripts/check-size.ts) and the tests ask the same question.
 *
 * The first view (the notice page, where `/` leads) must fit in 14 KB of gzip:
 * one TCP initial window of 10 segments (RFC 6928), so on a slow link the page
 * is usable after a single round trip. Other pages get a little more, and the
 * staff console must never be reachable from the public entry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, pageFigures, publicSources, readManifest, STAFF_ENTRY, STAFF_MANIFEST } from './web-size';

export const FIRST_VIEW = 'public/pages/notice.tsx';
export const FIRST_VIEW_BUDGET = 14 * 1024;
export const OTHER_PAGE_BUDGET = 16 * 1024;

export interface BudgetReport {
  /** One line per page: its gzip size and its budget. */
  lines: string[];
  /** The lines over budget, and the staff modules reachable from the public entry. */
  failures: string[];
}

export function checkSizeBudget(dist = DIST): BudgetReport {
  const manifest = readManifest('manifest.json', dist);
  const lines: string[] = [];
  const failures: string[] = [];

  for (const fig of pageFigures(manifest, dist)) {
    const budget = fig.page === FIRST_VIEW ? FIRST_VIEW_BUDGET : OTHER_PAGE_BUDGET;
    const line = `${fig.page.padEnd(34)} ${(fig.bytes / 1024).toFixed(2).padStart(6)} KB gzip (budget ${(budget / 1024).toFixed(0)} KB)`;
    lines.push(line);
    if (fig.bytes > budget) failures.push(line);
  }

  // The console is a build of its own; none of its modules may be reachable from the public entry.
  const reachable = [...publicSources(manifest)];
  const staffInPublic = reachable.filter((k) => k === STAFF_ENTRY || manifest[k]?.src?.startsWith('staff/'));
  if (existsSync(join(dist, STAFF_MANIFEST))) {
    const staff = readManifest(STAFF_MANIFEST, dist);
    const publicFiles = new Set(reachable.map((k) => manifest[k]?.file));
    for (const [key, chunk] of Object.entries(staff)) {
      if (chunk.src?.startsWith('staff/') && publicFiles.has(chunk.file)) staffInPublic.push(key);
    }
  }
  if (staffInPublic.length > 0) failures.push(`staff code reachable from the public entry: ${staffInPublic.join(', ')}`);
  return { lines, failures };
}
