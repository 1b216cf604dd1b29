/**
 * What each public page's first view loads (JS and CSS), from the Vite manifest:
 * the entry, its static imports, its CSS, and the page's own chunk with its
 * static imports. Sizes are gzip at level 9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

export const DIST = join(process.cwd(), 'dist', 'web');
export const PUBLIC_ENTRY = 'index.html';
export const STAFF_ENTRY = 'staff/index.html';

export function readManifest(path = 'manifest.json', dist = DIST): Manifest {
  return JSON.parse(readFileSync(join(dist, path), 'utf8')) as Manifest;
}

export const STAFF_MANIFEST = 'staff/manifest.json';

/** Every file a chunk loads before it runs: itself, its static imports (recursively) and their CSS. */
export function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, into);
  return into;
}

export function gzipSize(file: string, dist = DIST): number {
  return gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
}

export interface PageFigure {
  page: string;
  files: string[];
  bytes: number;
}

/** One figure per page chunk that the public entry imports on demand. */
export function pageFigures(manifest: Manifest, dist = DIST): PageFigure[] {
  const entry = manifest[PUBLIC_ENTRY]!;
  return (entry.dynamicImports ?? []).map((page) => {
    const files = [...staticClosure(manifest, page, staticClosure(manifest, PUBLIC_ENTRY))];
    return { page, files, bytes: files.reduce((sum, f) => sum + gzipSize(f, dist), 0) };
  });
}

/** Every source the public entry can ever load, on-demand chunks included. */
export function publicSources(manifest: Manifest, key = PUBLIC_ENTRY, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  const chunk = manifest[key];
  for (const dep of [...(chunk?.imports ?? []), ...(chunk?.dynamicImports ?? [])]) publicSources(manifest, dep, seen);
  return seen;
}
