/**
 * Notices for the lifecycle and item-history tests: small ones made straight in
 * this file's D1, in any state, each with a unique slug so that tests do not
 * share rows.
 */
import { env } from 'cloudflare:test';
import type { NoticeState } from '../../worker/notice/lifecycle';

export interface TestNotice {
  id: number;
  slug: string;
  /** Its two items, in order. */
  items: [number, number];
}

export interface NoticeOptions {
  state?: NoticeState;
  publishedOn?: string | null;
  closedOn?: string | null;
  title?: string;
  issuer?: string;
}

/** Today in Asia/Shanghai, as the server counts it. */
export function shanghaiToday(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A notice with one part and two items (持续整改 and 已完成整改). */
export async function createNotice(opts: NoticeOptions = {}): Promise<TestNotice> {
  const slug = `test-${crypto.randomUUID().slice(0, 8)}`;
  const notice = await env.DB.prepare(
    `insert into notices (slug, title, issuer, published_on, ref_prefix, source_text, state, closed_on)
     values (?, ?, ?, ?, 'TS', ?, ?, ?) returning id`,
  )
    .bind(slug, opts.title ?? `测试通报 ${slug}`, opts.issuer ?? '测试街道办事处', opts.publishedOn ?? null, '测试通报原文', opts.state ?? 'published', opts.closedOn ?? null)
    .first<{ id: number }>();
  const section = await env.DB.prepare(`insert into notice_sections (notice_id, level, position, label, heading) values (?, 'part', 0, '一、', '整改落实情况') returning id`)
    .bind(notice!.id)
    .first<{ id: number }>();
  const item = (position: number, title: string, statusText: string, status: string) =>
    env.DB.prepare(
      `insert into items (notice_id, section_id, position, label, title, measures, status_label, status_text, status)
       values (?, ?, ?, ?, ?, '一是建立台账。', '整改落实情况：', ?, ?) returning id`,
    )
      .bind(notice!.id, section!.id, position, `${position + 1}.`, title, statusText, status)
      .first<{ id: number }>();
  const first = await item(0, '关于宣传栏内容陈旧的问题', '持续整改。', 'in_progress');
  const second = await item(1, '关于台账不完整的问题', '已完成整改。', 'completed');
  return { id: notice!.id, slug, items: [first!.id, second!.id] };
}

/** A notice's row as stored. */
export async function noticeRow(slug: string) {
  return env.DB.prepare('select * from notices where slug = ?').bind(slug).first<Record<string, unknown>>();
}

/** The audit entries about one target, oldest first, with before and after parsed. */
export async function auditOf(targetType: string, targetId: number) {
  const { results } = await env.DB.prepare('select action, actor_id, before, after from audit_log where target_type = ? and target_id = ? order by id')
    .bind(targetType, String(targetId))
    .all<{ action: string; actor_id: number | null; before: string | null; after: string | null }>();
  return results.map((r) => ({ action: r.action, actorId: r.actor_id, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}
