/**
 * The built web app's files from a folder, answering as Cloudflare's static assets do for this
 * project's wrangler.toml (html_handling "auto-trailing-slash", not_found_handling "404-page"):
 * `/staff` and `/staff/index.html` redirect (307) to `/staff/`, which serves `staff/index.html`;
 * every file carries a content hash as its ETag and `Cache-Control: public, max-age=0,
 * must-revalidate`, and a matching If-None-Match gets a 304. The app adds the security headers
 * to whatever this returns (worker/compose.ts), as it does on Cloudflare.
 *
 * The folder is read once, at start: the files are the build's, and do not change under a
 * running server.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { AssetFetcher } from '../worker/assets';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const CACHE_CONTROL = 'public, max-age=0, must-revalidate';

interface File {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

function listFiles(root: string, dir = root, out = new Map<string, File>()): Map<string, File> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(root, path, out);
    else if (entry.isFile()) {
      const body = new Uint8Array(readFileSync(path));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
      out.set(`/${relative(root, path).split(sep).join('/')}`, { body, type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', etag });
    }
  }
  return out;
}

/** A path for a Location header: each segment percent-encoded. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function redirect(location: string): Response {
  return new Response(null, { status: 307, headers: { location } });
}

/** The assets in `dir`; a missing folder serves nothing (every path a 404), as an empty build would. */
export function folderAssets(dir: string): AssetFetcher {
  const files = statSync(dir, { throwIfNoEntry: false })?.isDirectory() ? listFiles(dir) : new Map<string, File>();
  const notFound = files.get('/404.html');

  function serve(request: Request, file: File, status = 200): Response {
    const headers = new Headers({ 'content-type': file.type, 'cache-control': CACHE_CONTROL, etag: file.etag });
    // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x", as Cloudflare's does.
    if (status === 200 && request.headers.get('if-none-match')?.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(request.method === 'HEAD' ? null : file.body, { status, headers });
  }

  /**
   * What a path names: a file, or the canonical path to redirect to (a page without `.html` or
   * `index.html`, a folder with its slash). Only names of the build's own files come back, so a
   * redirect never leaves the site.
   */
  function resolve(path: string): { file: File } | { canonical: string } | null {
    if (path.endsWith('/index.html') && files.has(path)) return { canonical: path.slice(0, -'index.html'.length) };
    if (path.endsWith('.html') && files.has(path)) return { canonical: path.slice(0, -'.html'.length) };
    const file = path.endsWith('/') ? files.get(`${path}index.html`) : (files.get(path) ?? files.get(`${path}.html`));
    if (file) return { file };
    if (!path.endsWith('/') && files.has(`${path}/index.html`)) return { canonical: `${path}/` };
    return null;
  }

  return {
    async fetch(request) {
      const url = new URL(request.url);
      let path: string;
      try {
        // The URL parser has already resolved `.` and `..`; a file is only ever looked up by its
        // path in the listing, so nothing outside the folder can be named.
        path = decodeURIComponent(url.pathname);
      } catch {
        return new Response(null, { status: 404 });
      }
      // Repeated slashes name the same file, reached by a redirect to its own path, as Cloudflare
      // does (//staff → /staff/, /staff//index.html → /staff/). A redirect keeps the query.
      const single = path.replace(/\/{2,}/g, '/');
      const found = resolve(single);
      if (found && 'canonical' in found) return redirect(`${encodePath(found.canonical)}${url.search}`);
      if (found && single !== path) return redirect(`${encodePath(single)}${url.search}`);
      if (found) return serve(request, found.file);
      return notFound ? serve(request, notFound, 404) : new Response(null, { status: 404 });
    },
  };
}
