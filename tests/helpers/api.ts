/**
 * Test helpers: the sample notice in this file's D1, and requests through the worker's own fetch.
 */
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import sampleText from '../../seed/dongxiao-notice.txt?raw';
import { dongxiaoMeta } from '../../seed/dongxiao';
import { createDb } from '../../worker/db/client';
import { seedNotice } from '../../worker/db/seed';

export const SLUG = dongxiaoMeta.slug;

export async function seedSample() {
  const db = createDb(env.DB);
  await seedNotice(db, dongxiaoMeta, sampleText);
  return db;
}

export function call(path: string, init?: RequestInit): Promise<Response> {
  return (exports as { default: Fetcher }).default.fetch(new Request(`http://localhost${path}`, init));
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** The id of an item of the sample notice, by its place: part, category and item, from 0. */
export async function itemIdAt(partIndex: number, categoryIndex: number, itemIndex: number): Promise<number> {
  const res = await call(`/api/notices/${SLUG}`);
  const notice = (await res.json()) as { parts: Array<{ categories: Array<{ items: Array<{ id: number }> }> }> };
  return notice.parts[partIndex]!.categories[categoryIndex]!.items[itemIndex]!.id;
}

export function validFeedback(overrides: Record<string, unknown> = {}) {
  return {
    noticeSlug: SLUG,
    itemId: null,
    kind: 'opinion',
    content: '社区宣传栏的内容仍然没有更新。',
    anonymous: true,
    consent: false,
    ...overrides,
  };
}
