/**
 * The worker's bundle as `wrangler deploy --dry-run --outdir <dir>` wrote it: its
 * JavaScript, raw and gzipped (what Cloudflare's size limits count, 3 MB of gzip on
 * the free plan and 10 MB on paid, and what a cold start has to load). Printed by
 * `npm run check`; no budget is enforced yet (issue 15 names 150 KB of gzip as the aim).
 *
 * `tsx scripts/worker-size.ts [dir]`, dist/worker when not given.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'dist/worker';

function scripts(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return /\.(m?js|wasm)$/.test(name) ? [path] : [];
  });
}

const files = scripts(dir);
if (files.length === 0) {
  console.error(`no worker bundle in ${dir}: run wrangler deploy --dry-run --outdir ${dir} first`);
  process.exit(1);
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(file);
  const zipped = gzipSync(bytes, { level: 9 }).byteLength;
  raw += bytes.byteLength;
  gzip += zipped;
  if (files.length > 1) console.log(`${file}: ${kb(bytes.byteLength)}, ${kb(zipped)} gzip`);
}
console.log(`worker bundle: ${kb(raw)} of JavaScript, ${kb(gzip)} gzip (aim: 150 KB gzip, not enforced yet)`);
