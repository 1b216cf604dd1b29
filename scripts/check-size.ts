/**
 * Fails the build when the public page grows past its budget.
 *
 * The first view (the notice page, where `/` leads) must fit in 14 KB of gzip:
 * one TCP initial window of 10 segments (RFC 6928), so on a slow link the page
 * is usable after a single round trip. Other pages get a little more, and the
 * staff console must never be reachable from the public entry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, pageFigures, publicSources, readManifest, STAFF_ENTRY, STAFF_MANIFEST } from './web-size';

const FIRST_VIEW = 'public/pages/notice.tsx';
const FIRST_VIEW_BUDGET = 14 * 1024;
const OTHER_PAGE_BUDGET = 16 * 1024;

const manifest = readManifest();
const failures: string[] = [];

for (const fig of pageFigures(manifest)) {
  const budget = fig.page === FIRST_VIEW ? FIRST_VIEW_BUDGET : OTHER_PAGE_BUDGET;
  const line = `${fig.page.padEnd(34)} ${(fig.bytes / 1024).toFixed(2).padStart(6)} KB gzip (budget ${(budget / 1024).toFixed(0)} KB)`;
  console.log(line);
  if (fig.bytes > budget) failures.push(line);
}

// The console is a build of its own; none of its modules may be reachable from the public entry.
const reachable = [...publicSources(manifest)];
const staffInPublic = reachable.filter((k) => k === STAFF_ENTRY || manifest[k]?.src?.startsWith('staff/'));
if (existsSync(join(DIST, STAFF_MANIFEST))) {
  const staff = readManifest(STAFF_MANIFEST);
  const publicFiles = new Set(reachable.map((k) => manifest[k]?.file));
  for (const [key, chunk] of Object.entries(staff)) {
    if (chunk.src?.startsWith('staff/') && publicFiles.has(chunk.file)) staffInPublic.push(key);
  }
}
if (staffInPublic.length > 0) failures.push(`staff code reachable from the public entry: ${staffInPublic.join(', ')}`);

if (failures.length > 0) {
  console.error(`\nSize budget exceeded:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('size budget: ok');
