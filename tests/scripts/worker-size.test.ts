/**
 * The Workers' size budgets (scripts/worker-size.ts), which `npm run check` enforces: asked of
 * the two Workers as wrangler bundles them for a deploy, and of made-up bundles on either side
 * of a budget.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleMakeup, checkWorkerSize, WORKERS, workerSize, type WorkerName } from '../../scripts/worker-size';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-worker-size-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Bytes gzip cannot shrink: their gzip is a little larger than they are. */
const incompressible = (bytes: number) => randomBytes(bytes);

describe('the worker size budget', () => {
  it('fails a bundle over the budget, saying by how much, and passes one under it', () => {
    const over = folder();
    writeFileSync(join(over, 'index.js'), incompressible(11 * 1024));
    const failed = checkWorkerSize(over, 10 * 1024);
    expect(failed.failures).toHaveLength(1);
    expect(failed.failures[0]).toMatch(/^the worker bundle is 11\.\d KB gzip, over its budget of 10\.0 KB by 1\.\d KB$/);

    const under = folder();
    writeFileSync(join(under, 'index.js'), incompressible(9 * 1024));
    const held = checkWorkerSize(under, 10 * 1024);
    expect(held.failures).toEqual([]);
    expect(held.lines.at(-1)).toMatch(/^worker bundle: 9\.0 KB of JavaScript, 9\.\d KB gzip \(budget 10\.0 KB gzip; issue 15's aim 150\.0 KB\)$/);
  });

  it('counts every module of the bundle, and no source map', () => {
    const dir = folder();
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'index.js'), incompressible(6 * 1024));
    writeFileSync(join(dir, 'chunks', 'mail.mjs'), incompressible(6 * 1024));
    writeFileSync(join(dir, 'index.js.map'), incompressible(64 * 1024));
    expect(workerSize(dir).files.map((f) => f.path.slice(dir.length + 1)).sort()).toEqual(['chunks/mail.mjs', 'index.js']);
    expect(checkWorkerSize(dir, 10 * 1024).failures).toHaveLength(1);
    expect(checkWorkerSize(dir, 13 * 1024).failures).toEqual([]);
  });

  it('fails when there is no bundle to measure', () => {
    expect(checkWorkerSize(folder(), 10 * 1024).failures).toEqual([expect.stringMatching(/^no worker bundle in /)]);
  });

  it('lists the bundle by package and by folder of our own, largest first', () => {
    const lines = bundleMakeup(
      {
        outputs: {
          'dist/index.js': {
            inputs: {
              '../node_modules/zod/v4/core/schemas.js': { bytesInOutput: 3000 },
              '../node_modules/zod/v4/classic/schemas.js': { bytesInOutput: 2000 },
              'worker/db/schema.ts': { bytesInOutput: 1000 },
              'worker/db/notices.ts': { bytesInOutput: 1000 },
              '../node_modules/@hono/zod-validator/dist/index.mjs': { bytesInOutput: 1000 },
              'worker/index.ts': { bytesInOutput: 2000 },
            },
          },
          'dist/index.js.map': { inputs: { 'worker/index.ts': { bytesInOutput: 99999 } } },
        },
      },
      2,
    );
    expect(lines).toEqual([
      'minified, by package or folder:',
      '     4.9 KB  50 %  zod',
      '     2.0 KB  20 %  worker/db',
      '     2.9 KB  30 %  the other 2',
    ]);
  });
});

/** A Worker as `wrangler deploy --dry-run` bundles it: its folder and esbuild's metafile. */
function bundle(name: WorkerName) {
  const out = folder();
  const metafile = join(out, 'meta.json');
  execFileSync('node_modules/.bin/wrangler', ['deploy', '--config', WORKERS[name].config, '--dry-run', '--outdir', out, '--metafile', metafile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as {
    inputs: Record<string, { imports: Array<{ path: string; original?: string }> }>;
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
  /** The modules that put code in the bundle. */
  const bundled = Object.values(meta.outputs)
    .flatMap((o) => Object.entries(o.inputs))
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) => path);
  return { out, meta, bundled };
}

/** Minified: long lines (new lines are left only inside template literals), not one per statement (some 50,000). */
function expectMinified(out: string) {
  const [entry] = workerSize(out).files;
  expect(readFileSync(entry!.path, 'utf8').split('\n').length).toBeLessThan(1000);
}

/** One `import … from 'zod'` (the classic API) anywhere brings its 60 KB back: import from 'zod/mini'. */
function zodParts(bundled: string[]) {
  return new Set(bundled.filter((path) => /node_modules\/zod\//.test(path)).map((path) => path.replace(/^.*node_modules\/zod\/(v4\/)?([^/]+).*$/, '$2')));
}

// `npm test` builds the web app first (wrangler needs dist/web); alone, run `npm run build` first.
describe.skipIf(!existsSync('dist/web/index.html'))('the Workers as wrangler deploys them', () => {
  it("the public Worker is minified, within its budget, holds no part of zod but its core and mini, nor postal-mime's entity table, nor the staff API", { timeout: 120_000 }, () => {
    const { out, meta, bundled } = bundle('public');
    expect(checkWorkerSize(out, WORKERS.public.budget).failures).toEqual([]);
    expectMinified(out);
    expect(zodParts(bundled)).toEqual(new Set(['core', 'mini']));
    // postal-mime's table of every HTML entity (45 KB) stays out: wrangler.toml's [alias] gives
    // it worker/mail/html-entities.ts. An alias takes an import path wherever it is written, so
    // nothing but postal-mime may import one of that name.
    expect(Object.keys(meta.inputs).filter((path) => path.includes('html-entities'))).toEqual(['worker/mail/html-entities.ts']);
    const aliasedFrom = Object.entries(meta.inputs).flatMap(([from, { imports }]) => imports.filter((i) => i.original === './html-entities.js').map(() => from));
    expect(aliasedFrom).toEqual(['node_modules/postal-mime/dist/esm/text-format.js']);
    // The staff API is the other Worker's (worker/http/office.ts): of its routes, only the purge
    // after its writes is here; of its rules, the few that mail in and the daily job share.
    expect(bundled.filter((path) => path.startsWith('worker/routes/staff/'))).toEqual(['worker/routes/staff/notice-purge.ts']);
    expect(bundled.filter((path) => /^worker\/(export|stats)\/|^worker\/notice\/(import|docx)/.test(path))).toEqual([]);
  });

  it('the staff API\'s Worker is minified, within its budget, and holds neither the public pages, nor the mail reader, nor the classic zod', { timeout: 120_000 }, () => {
    const { out, bundled } = bundle('office');
    expect(checkWorkerSize(out, WORKERS.office.budget).failures).toEqual([]);
    expectMinified(out);
    expect(zodParts(bundled)).toEqual(new Set(['core', 'mini']));
    expect(bundled.filter((path) => /^(web\/public|worker\/pages)\/|node_modules\/(postal-mime|preact)/.test(path))).toEqual([]);
    expect(bundled).toContain('worker/routes/staff/index.ts');
  });
});
