/**
 * One codebase, two platforms: nothing the routes and the domain modules import, however
 * indirectly, is Cloudflare's (or the Node host's). Each file's imports are followed through
 * the source tree from worker/routes, worker/feedback, worker/staff and worker/export; the set
 * they reach must name no platform module (worker/notice, worker/stats and the mail, notification
 * and calendar modules are held to it too). The entries (worker/index.ts, server/) and the
 * drivers (worker/db/d1.ts, server/db.ts) are where the platforms live.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const GUARDED = ['worker/routes', 'worker/feedback', 'worker/staff', 'worker/export', 'worker/notice', 'worker/stats', 'worker/mail', 'worker/notify', 'worker/calendar'];

/** Modules only one platform has. */
const PLATFORM_ONLY = [/^cloudflare:/, /^@cloudflare\//, /^wrangler$/, /^drizzle-orm\/d1$/, /^drizzle-orm\/libsql$/, /^@libsql\//, /^@hono\/node-server/, /^croner$/, /^node:/];
/** Files of the source tree that belong to one platform. */
const PLATFORM_FILES = ['worker/index.ts', 'worker/db/d1.ts', 'server/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The specifiers a file imports: static, dynamic and type-only alike. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(ROOT, dirname(from), spec.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate);
  }
  return null;
}

/** Every file reachable from `starts`, and every package specifier met on the way, with who imports it. */
function reach(starts: string[]) {
  const seen = new Set<string>();
  const packages: Array<{ spec: string; by: string }> = [];
  const stack = [...starts];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) {
        packages.push({ spec, by: file });
        continue;
      }
      const target = resolveRelative(file, spec);
      if (target && /\.tsx?$/.test(target)) stack.push(target);
    }
  }
  return { files: [...seen], packages };
}

describe('the platform boundary', () => {
  const { files, packages } = reach(GUARDED.flatMap(sourceFiles));

  it('reaches the whole app (the walk follows imports)', () => {
    // A walk that followed nothing would pass the checks below without meaning anything.
    expect(files).toEqual(expect.arrayContaining(['worker/routes/feedback.ts', 'worker/db/staff-inbox.ts', 'worker/feedback/submit.ts', 'web/public/page-data.ts']));
    expect(packages.map((p) => p.spec)).toEqual(expect.arrayContaining(['hono', 'drizzle-orm']));
  });

  it('imports no module of one platform from routes, domain modules or what they use', () => {
    expect(packages.filter((p) => PLATFORM_ONLY.some((re) => re.test(p.spec)))).toEqual([]);
  });

  it('reaches neither entry nor driver', () => {
    expect(files.filter((f) => PLATFORM_FILES.some((p) => f === p || f.startsWith(p)))).toEqual([]);
  });

  it('names no binding of the Worker (D1Database, Fetcher, ExecutionContext, CF-Connecting-IP)', () => {
    const named = files.filter((f) => /\bD1Database\b|\bFetcher\b|\bExecutionContext\b|cf-connecting-ip/i.test(readFileSync(join(ROOT, f), 'utf8')));
    // worker/env.ts describes the Worker's bindings (Env) beside the shared Config; it imports nothing of Cloudflare's.
    expect(named).toEqual(['worker/env.ts']);
  });
});
