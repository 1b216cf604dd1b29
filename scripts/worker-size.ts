/**
 * A Worker's bundle as `wrangler deploy --dry-run --outdir <dir>` wrote it (minified:
 * `minify = true` in its config): its JavaScript, raw and gzipped, held to a budget of gzip.
 * Gzip is what Cloudflare's size limits count (3 MB on the free plan, 10 MB on paid) and
 * roughly what a cold start has to load. `npm run check` runs it for each of the app's two
 * Workers and fails above a budget.
 *
 * Issue 15 aims at 150 KB of gzip. Each budget is what its Worker reached, with a little room,
 * so that it only goes down. The one Worker went from 396 KB (SheetJS gone, not minified) to
 * 218 KB by minifying and by keeping zod to the schemas used, to 200 KB with every schema in
 * zod/mini (nothing may import zod's classic API: its chained methods keep every schema's JSON
 * Schema converter, and it loads the English locale; tests/scripts/worker-size.test.ts checks
 * the bundles for it) and drizzle opened without the schema, to 187 KB with postal-mime given
 * the few HTML entities Chinese mail uses in place of its table of all 2,231 (wrangler.toml
 * [alias], worker/mail/html-entities.ts; 13 KB of gzip) and the holiday calendar as lines of
 * text rather than JSON of every date (2 KB).
 *
 * No one part was the remaining 37 KB (our own code was some 120 KB of it, drizzle 18, postal-mime
 * 11, hono 10, zod 10, fflate 7, preact 9), but the staff console's API was: its routes, rules,
 * export, statistics and .docx import. It now runs in a Worker of its own (worker/office.ts,
 * wrangler.office.toml), to which the public Worker hands /api/staff (worker/http/office.ts):
 * 114 KB for the public Worker, which residents' phones wake, and 128 KB for the staff API's.
 * tests/scripts/worker-size.test.ts checks that neither bundles the other's part.
 *
 * With `--metafile <file>` (esbuild's, from `wrangler deploy --metafile`) it also lists
 * what the bundle is made of, by package and by folder of our own.
 *
 * `tsx scripts/worker-size.ts [dir] [--worker public|office] [--metafile file]`: dist/worker and
 * the public Worker when not given.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

/**
 * The app's two Workers (worker/http/office.ts says why two), the public one first (it is the one
 * `wrangler dev` serves: scripts/local-server.ts), each with the budget `npm run check` enforces, in bytes of gzip (level 9) of its JavaScript: what it reached, with a little room.
 */
export const WORKERS = {
  /** The public Worker (wrangler.toml, worker/index.ts): the notice pages, the public API, mail in, the crons. */
  public: { config: 'wrangler.toml', budget: 120 * 1024 },
  /** The staff API's Worker (wrangler.office.toml, worker/office.ts). */
  office: { config: 'wrangler.office.toml', budget: 135 * 1024 },
} as const;
export type WorkerName = keyof typeof WORKERS;
/** Issue 15's aim for a Worker, printed beside each budget. */
export const WORKER_GZIP_AIM = 150 * 1024;

export interface WorkerSize {
  files: Array<{ path: string; raw: number; gzip: number }>;
  raw: number;
  gzip: number;
}

function scripts(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return /\.(m?js|wasm)$/.test(name) ? [path] : [];
  });
}

/** The JavaScript (and WebAssembly) modules under `dir`, each raw and gzipped; source maps are not uploaded as code. */
export function workerSize(dir: string): WorkerSize {
  const files = scripts(dir).map((path) => {
    const bytes = readFileSync(path);
    return { path, raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
  });
  return { files, raw: files.reduce((n, f) => n + f.raw, 0), gzip: files.reduce((n, f) => n + f.gzip, 0) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export interface SizeCheck {
  lines: string[];
  /** Why the check fails; empty when it holds. */
  failures: string[];
}

/** The figures to print, and a failure when there is no bundle or it is over `budget` bytes of gzip; `name` says which Worker. */
export function checkWorkerSize(dir: string, budget: number, name = 'worker'): SizeCheck {
  let size: WorkerSize;
  try {
    size = workerSize(dir);
  } catch {
    size = { files: [], raw: 0, gzip: 0 };
  }
  if (size.files.length === 0) {
    return { lines: [], failures: [`no worker bundle in ${dir}: run wrangler deploy --dry-run --outdir ${dir} first`] };
  }
  const lines = size.files.length > 1 ? size.files.map((f) => `${f.path}: ${kb(f.raw)}, ${kb(f.gzip)} gzip`) : [];
  lines.push(`${name} bundle: ${kb(size.raw)} of JavaScript, ${kb(size.gzip)} gzip (budget ${kb(budget)} gzip; issue 15's aim ${kb(WORKER_GZIP_AIM)})`);
  const failures = size.gzip > budget ? [`the ${name} bundle is ${kb(size.gzip)} gzip, over its budget of ${kb(budget)} by ${kb(size.gzip - budget)}`] : [];
  return { lines, failures };
}

interface Metafile {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }>;
}

/** A module's share: its package, or for our own code its folder (worker/db, web/public). */
function groupOf(input: string): string {
  const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const parts = input.replace(/^(\.\.\/)+/, '').split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/** The bundle's makeup from esbuild's metafile: minified bytes by package or folder, largest first. */
export function bundleMakeup(metafile: Metafile, top = 12): string[] {
  const groups = new Map<string, number>();
  let total = 0;
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!/\.m?js$/.test(path)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
      total += bytesInOutput;
    }
  }
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  const rest = sorted.slice(top).reduce((n, [, bytes]) => n + bytes, 0);
  return [
    'minified, by package or folder:',
    ...sorted.slice(0, top).map(([name, bytes]) => `  ${kb(bytes).padStart(9)}  ${((bytes / total) * 100).toFixed(0).padStart(2)} %  ${name}`),
    `  ${kb(rest).padStart(9)}  ${((rest / total) * 100).toFixed(0).padStart(2)} %  the other ${sorted.length - top}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { metafile: { type: 'string' }, worker: { type: 'string', default: 'public' } } });
  const name = values.worker as WorkerName;
  if (!Object.hasOwn(WORKERS, name)) throw new Error(`--worker is one of ${Object.keys(WORKERS).join(', ')}`);
  const dir = positionals[0] ?? 'dist/worker';
  const check = checkWorkerSize(dir, WORKERS[name].budget, `${name} Worker`);
  for (const line of check.lines) console.log(line);
  if (values.metafile) for (const line of bundleMakeup(JSON.parse(readFileSync(values.metafile, 'utf8')) as Metafile)) console.log(line);
  for (const failure of check.failures) console.error(failure);
  if (check.failures.length > 0) process.exit(1);
}
