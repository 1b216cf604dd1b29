/**
 * The daily job erases expired evidence photos from the platform's photo store (runDailyJob
 * with the store in its ports, as both platforms call it): the object is gone, the row marked
 * erased, the contact details then erased too. The erasure's own rules are tested in
 * tests/domain/retention*.test.ts; this checks the wiring.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../worker/daily';
import { createDb } from '../../worker/db/d1';
import { r2PhotoStore } from '../../worker/r2-photos';
import { configFrom } from '../../worker/settings';
import { seedSample, validFeedback } from '../helpers/api';
import { fixtures } from '../helpers/photos';
import { submitWithPhotos } from '../api/photos-helpers';

const DAY = 86_400_000;

beforeAll(async () => {
  await seedSample();
});

describe('the daily job and the photo store', () => {
  it('erases the photos and then the contact details of feedback closed longer ago than the retention period', async () => {
    const res = await submitWithPhotos([{ bytes: fixtures.posterJpeg() }], { feedback: validFeedback({ anonymous: false, name: '王五', phone: '13712345678', consent: true }) });
    expect(res.status).toBe(201);
    const { ref } = (await res.json()) as { ref: string };
    const now = Date.now();
    const config = configFrom({});
    const days = Number(config.CONTACT_RETENTION_DAYS);
    await env.DB.prepare("update feedback set status = 'closed', closed_at = ?, updated_at = ? where ref = ?").bind(now - (days + 1) * DAY, now - (days + 1) * DAY, ref).run();
    const { id } = (await env.DB.prepare('select id from feedback where ref = ?').bind(ref).first<{ id: number }>())!;
    const { storage_key: key } = (await env.DB.prepare('select storage_key from feedback_attachments where feedback_id = ?').bind(id).first<{ storage_key: string }>())!;
    expect(await env.PHOTOS.head(key)).not.toBeNull();

    await runDailyJob(createDb(env.DB), now, config, {
      outbound: async () => new Response(null, { status: 200 }),
      photos: r2PhotoStore(env.PHOTOS),
      sleep: async () => {},
    });

    expect(await env.PHOTOS.head(key)).toBeNull();
    const row = await env.DB.prepare('select storage_key, erased_at, name, size from feedback_attachments where feedback_id = ?').bind(id).first();
    expect(row).toMatchObject({ storage_key: null, erased_at: now, size: expect.any(Number) });
    expect(await env.DB.prepare('select name, phone from feedback where id = ?').bind(id).first()).toEqual({ name: null, phone: null });
  });
});
