/**
 * Feedback from one client, written straight into this file's D1 with its
 * fingerprint: the submission limits would stop a flood sent through the API,
 * and these tests are about what the figures make of one once it is stored.
 */
import { env } from 'cloudflare:test';
import { createDb } from '../../worker/db/d1';
import { feedback } from '../../worker/db/schema';
import { forgetKeptNotices } from '../helpers/notice-cache';

/** A fingerprint of its own (64 hex characters, as an HMAC-SHA-256 is). */
export function newClient(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface StoredFeedback {
  itemId: number | null;
  clientHash: string | null;
  receivedAt: number;
  kind?: 'opinion' | 'suggestion' | 'report' | 'praise';
  status?: 'new' | 'accepted' | 'declined' | 'duplicate' | 'spam' | 'in_progress' | 'replied' | 'closed';
  departmentId?: number | null;
  updatedAt?: number;
}

/** Stores `n` feedback alike on the sample notice; returns their ids in order. */
export async function storeFeedback(noticeId: number, n: number, f: StoredFeedback): Promise<number[]> {
  const db = createDb(env.DB);
  const rows = Array.from({ length: n }, () => ({
    ref: `FL-${crypto.randomUUID().slice(0, 13).toUpperCase()}`,
    queryCodeHash: 'not a code',
    noticeId,
    itemId: f.itemId,
    kind: f.kind ?? 'opinion',
    content: '同一个来源在短时间内发来的大量反馈。',
    anonymous: true,
    channel: f.clientHash === null ? ('phone' as const) : ('web' as const),
    receivedAt: f.receivedAt,
    status: f.status ?? 'new',
    departmentId: f.departmentId ?? null,
    acknowledgeBy: '2099-01-01',
    replyBy: '2099-02-01',
    updatedAt: f.updatedAt ?? f.receivedAt,
    clientHash: f.clientHash,
  }));
  // One row a statement: D1 binds at most 100 values to one.
  const inserted = await db.batch(rows.map((r) => db.insert(feedback).values(r).returning({ id: feedback.id })) as [never, ...never[]]);
  // Written past the app, so past its purges: the public notice's kept copies go too.
  await forgetKeptNotices();
  return (inserted as Array<Array<{ id: number }>>).map((r) => r[0]!.id);
}

export async function sampleNoticeId(): Promise<number> {
  return (await env.DB.prepare("select id from notices where slug = 'dongxiao-2023'").first<{ id: number }>())!.id;
}

/** An instant on the Asia/Shanghai clock, e.g. shanghai('2026-11-27T07:30'). */
export function shanghai(local: string): number {
  return Date.parse(`${local}:00+08:00`);
}
