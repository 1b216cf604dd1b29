/**
 * The same requests to the Worker (wrangler dev, from the global setup) and to the Node host
 * (scripts/node-server.ts, beside it) get the same answers: status, redirect, content type,
 * caching, CSP and every other security header, an ETag where the other has one, and a 304 for
 * a revalidation; and the same body where it depends on nothing stored (server-rendered pages
 * whose only difference is the form's fresh Idempotency-Key, the built files). Only what the
 * transport adds is left out (compression, chunking, keep-alive, Date, Cloudflare's cache
 * status), and the ETag's value, which each computes its own way.
 */
import { createHash } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { baseUrl, NOTICE } from './helpers';

const nodeBaseUrl = inject('nodeBaseUrl');

/** Headers a transport or a cache sets, not the app: not compared. */
const TRANSPORT = new Set(['content-encoding', 'transfer-encoding', 'content-length', 'connection', 'keep-alive', 'date', 'cf-cache-status', 'vary', 'etag']);

interface Case {
  path: string | ((server: string) => Promise<string>);
  headers?: Record<string, string>;
  method?: 'GET' | 'HEAD' | 'POST';
  /** If-None-Match from this server's own ETag for the path, optionally weak. */
  revalidate?: 'strong' | 'weak';
  /** Compare the bodies too (with every UUID, such as the form's Idempotency-Key, masked). */
  body?: true;
}

/** A hashed file of the build, as this server's notice page names it. */
async function hashedScript(server: string): Promise<string> {
  const html = await (await fetch(`${server}${NOTICE}`)).text();
  const path = /\/assets\/[\w-]+\.js/.exec(html)?.[0];
  if (!path) throw new Error(`no hashed script on ${server}${NOTICE}`);
  return path;
}

const HTML = { accept: 'text/html' };
// Pages whose content comes from the database (`/` lists or redirects to the live notices; the
// form and track pages embed the notice's counts and the offices' contacts) are compared by
// status and headers only: the other journeys add notices and feedback to D1 and to the Node
// host's file in whatever order the files run.
const CASES: Case[] = [
  { path: NOTICE },
  { path: `${NOTICE}/feedback` },
  { path: '/track' },
  { path: hashedScript },
  { path: hashedScript, method: 'HEAD' },
  { path: hashedScript, revalidate: 'strong' },
  { path: hashedScript, revalidate: 'weak' },
  { path: '/manifest.json', body: true },
  { path: '/manifest.json', revalidate: 'strong' },
  { path: '/manifest.json', headers: { 'if-none-match': '"not-this-one"' } },
  { path: '/staff' },
  { path: '/staff?from=mail' },
  { path: '/staff/', body: true },
  { path: '/staff/', revalidate: 'strong' },
  { path: '/staff/index.html' },
  { path: '/index.html' },
  { path: '//staff' },
  { path: '/nope', headers: HTML, body: true },
  { path: '/nope' },
  { path: '/staff/nope', headers: HTML },
  // Not a redirect off the site, and not a 500 for a name no header can carry.
  { path: '//evil.example/index.html' },
  { path: '/%2Fevil.example/index.html' },
  { path: '/%E4%B8%AD/index.html' },
  { path: '/a%0Ab/index.html' },
  { path: '/api/notices' },
  { path: '/api/nope' },
  { path: '/api/feedback/XX-0000-AAAA' },
  { path: '/manifest.json', method: 'POST' },
];

interface Answer {
  status: number;
  headers: Record<string, string>;
  etag: boolean;
  /** The body's length and SHA-256, when compared. */
  body?: string;
}

async function ask(server: string, c: Case): Promise<{ path: string; answer: Answer }> {
  const path = typeof c.path === 'string' ? c.path : await c.path(server);
  const headers: Record<string, string> = { ...c.headers };
  if (c.revalidate) {
    const etag = (await fetch(`${server}${path}`)).headers.get('etag');
    if (!etag) throw new Error(`no ETag from ${server}${path} to revalidate with`);
    headers['if-none-match'] = c.revalidate === 'weak' ? `W/${etag}` : etag;
  }
  const res = await fetch(`${server}${path}`, { method: c.method ?? 'GET', headers, redirect: 'manual' });
  const text = (await res.text()).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'UUID');
  const kept = [...res.headers].filter(([name]) => !TRANSPORT.has(name)).sort(([a], [b]) => a.localeCompare(b));
  const answer: Answer = { status: res.status, headers: Object.fromEntries(kept), etag: res.headers.has('etag') };
  if (c.body) answer.body = `${text.length} ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  return { path, answer };
}

const label = (c: Case, path: string) =>
  `${c.method ?? 'GET'} ${path}${c.headers ? ` ${JSON.stringify(c.headers)}` : ''}${c.revalidate ? ` (If-None-Match, ${c.revalidate})` : ''}${c.body ? ' (and body)' : ''}`;

describe('when the same paths are asked of the Worker and of the Node host', () => {
  it('then both answer with the same status, redirects, types, caching, CSP and security headers, ETags, 304s and static bodies', async () => {
    const table: string[] = [];
    const differences: Array<{ request: string; worker: Answer; node: Answer }> = [];
    for (const c of CASES) {
      const [worker, node] = await Promise.all([ask(baseUrl, c), ask(nodeBaseUrl, c)]);
      const same = JSON.stringify(worker.answer) === JSON.stringify(node.answer);
      table.push(`${same ? 'same' : 'DIFF'}  ${String(worker.answer.status).padEnd(4)} ${String(node.answer.status).padEnd(4)} ${label(c, worker.path)}`);
      if (!same) differences.push({ request: label(c, worker.path), worker: worker.answer, node: node.answer });
    }
    console.log(`parity (worker status, node status, request):\n${table.join('\n')}`);
    expect(differences).toEqual([]);

    // The comparison compares something: the pages carry the CSP and the files their caching.
    const page = await ask(nodeBaseUrl, { path: NOTICE });
    expect(page.answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.answer.headers['x-frame-options']).toBe('DENY');
    const file = await ask(nodeBaseUrl, { path: hashedScript, revalidate: 'strong' });
    expect([file.answer.status, file.answer.etag, file.answer.headers['cache-control']]).toEqual([304, true, 'public, max-age=0, must-revalidate']);
    expect((await ask(nodeBaseUrl, { path: '/staff' })).answer.headers.location).toBe('/staff/');
  });
});
