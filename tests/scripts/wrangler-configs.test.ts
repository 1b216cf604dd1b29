/**
 * The app's two Workers' configurations (wrangler.toml, the public Worker's; wrangler.office.toml,
 * the staff API's), as wrangler reads them: the office sees the same database, bucket, settings
 * and runtime as the public Worker, has no address of its own, and is the service OFFICE names.
 */
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { WORKERS } from '../../scripts/worker-size';

const publicWorker = unstable_readConfig({ config: WORKERS.public.config });
const office = unstable_readConfig({ config: WORKERS.office.config });

describe('the two Workers’ configurations', () => {
  it('give the staff API’s Worker the public Worker’s database, bucket, vars and runtime', () => {
    expect(office.d1_databases).toEqual(publicWorker.d1_databases);
    expect(office.r2_buckets).toEqual(publicWorker.r2_buckets);
    expect(office.vars).toEqual(publicWorker.vars);
    // Mail out, and the CPU limit of the paid plan, where set: the 邮件来信 panel and exports are the office's.
    expect(office.send_email).toEqual(publicWorker.send_email);
    expect(office.limits).toEqual(publicWorker.limits);
    for (const key of ['compatibility_date', 'compatibility_flags', 'minify', 'keep_names', 'upload_source_maps', 'send_metrics'] as const) {
      expect(office[key], key).toEqual(publicWorker[key]);
    }
  });

  it('reach the staff API’s Worker only through the public Worker’s OFFICE binding', () => {
    expect(publicWorker.services).toEqual([{ binding: 'OFFICE', service: office.name }]);
    expect(office.workers_dev).toBe(false);
    expect(office.preview_urls).toBe(false);
    expect(office.routes ?? []).toEqual([]);
    expect(office.assets).toBeUndefined();
    expect(office.triggers.crons ?? []).toEqual([]);
    expect(office.main).toMatch(/worker\/office\.ts$/);
    expect(publicWorker.main).toMatch(/worker\/index\.ts$/);
  });
});
