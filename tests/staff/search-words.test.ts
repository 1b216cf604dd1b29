/**
 * Search words kept out of URLs (worker/staff/search-token.ts): POST /api/staff/search seals the
 * words for this member of staff; the inbox and the export take the token as `qs` and find what
 * `q` finds, and record the words, never the token, in the export's audit entry. A token opens
 * for no one else, not after it expires, and not once altered.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSecret } from '../../worker/http/client';
import { seal, urlSafe } from '../../worker/lib/crypto';
import { openSearch, SEARCH_TOKEN_SECONDS, sealSearch } from '../../worker/staff/search-token';
import { staffFieldMessages } from '../../worker/staff/messages';
import { seedSample } from '../helpers/api';
import { download, exportAudits, parseCsv } from '../export/helpers';
import { json, signedIn, staff, submitPublic, type TestUser } from './helpers';

const WORDS = '13987654321 路灯';
let clerk: TestUser;
let ref: string;

async function tokenFor(user: TestUser, q: string): Promise<{ token: string; expiresAt: number }> {
  const res = await staff('/search', { method: 'POST', cookie: user.cookie, body: { q } });
  expect(res.status).toBe(200);
  return json(res);
}

async function inboxRefs(query: string, user = clerk) {
  const res = await staff(`/feedback${query}`, { cookie: user.cookie });
  return { status: res.status, body: await json<{ feedback?: Array<{ ref: string }>; error?: { fields: Record<string, string> } }>(res) };
}

beforeAll(async () => {
  await seedSample();
  clerk = await signedIn('admin');
  ref = (await submitPublic({ content: `来电人 ${WORDS} 反映：小区门口的路灯一直不亮。` })).ref;
  await submitPublic({ content: '另一条反馈：宣传栏没有更新。' });
});

describe('search words sealed for the inbox and the export', () => {
  it('finds with qs what q finds, for a token made a working day ahead', async () => {
    const before = Date.now();
    const { token, expiresAt } = await tokenFor(clerk, WORDS);
    expect(expiresAt).toBeGreaterThanOrEqual(before + SEARCH_TOKEN_SECONDS * 1000);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('13987654321');
    const sealed = await inboxRefs(`?qs=${token}`);
    expect(sealed.status).toBe(200);
    expect(sealed.body.feedback!.map((f) => f.ref)).toEqual([ref]);
  });

  it('refuses search words in the address itself, on the q field, for the inbox and the export, and exports and audits nothing', async () => {
    const inbox = await staff(`/feedback?q=${encodeURIComponent(WORDS)}`, { cookie: clerk.cookie, searchInAddress: true });
    expect(inbox.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(inbox)).error.fields).toEqual({ q: staffFieldMessages.filter.qInAddress });
    const audited = (await exportAudits(clerk.id)).length;
    const exported = await staff(`/export?format=csv&q=${encodeURIComponent(WORDS)}`, { cookie: clerk.cookie, searchInAddress: true });
    expect(exported.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(exported)).error.fields).toEqual({ q: staffFieldMessages.filter.qInAddress });
    expect(await exportAudits(clerk.id)).toHaveLength(audited);
  });

  it('exports with qs what q exports, and audits the words, not the token', async () => {
    const { token } = await tokenFor(clerk, WORDS);
    const { res, text } = await download(`?format=csv&qs=${token}`, clerk.cookie);
    expect(res.status).toBe(200);
    const rows = parseCsv(text).rows.slice(1);
    expect(rows.map((r) => r[0])).toEqual([ref]);
    const audits = await exportAudits(clerk.id);
    expect(audits.at(-1)).toMatchObject({ filters: { q: WORDS } });
    expect(JSON.stringify(audits.at(-1))).not.toContain(token);
  });

  it('refuses, on the qs field, a token made for someone else, an expired one, an altered one, and one beside q', async () => {
    const other = await signedIn('viewer');
    const secret = appSecret(env);
    const theirs = (await sealSearch(secret, other.id, WORDS, Date.now())).token;
    const expired = (await sealSearch(secret, clerk.id, WORDS, Date.now() - SEARCH_TOKEN_SECONDS * 1000 - 1)).token;
    const mine = (await tokenFor(clerk, WORDS)).token;
    const altered = mine.slice(0, 20) + (mine[20] === 'A' ? 'B' : 'A') + mine.slice(21);
    for (const qs of [theirs, expired, altered, 'not-a-token', '']) {
      const r = await inboxRefs(`?qs=${encodeURIComponent(qs)}`);
      expect(r.status, qs).toBe(422);
      expect(r.body.error!.fields).toEqual({ qs: staffFieldMessages.filter.qs });
    }
    const both = await inboxRefs(`?q=x&qs=${mine}`);
    expect(both.status).toBe(422);
    expect(both.body.error!.fields).toEqual({ qs: staffFieldMessages.filter.qsWithQ });
    expect((await download(`?format=csv&qs=${theirs}`, clerk.cookie)).res.status).toBe(422);
    // The one it was made for opens it.
    expect((await inboxRefs(`?qs=${theirs}`, other)).body.feedback!.map((f) => f.ref)).toEqual([ref]);
  });

  it('opens nothing but what it sealed: sealed text that is not its object (null, an array, a number) is refused, not a 500', async () => {
    for (const plain of ['null', '[]', '5', '"words"', '{"u":1}']) {
      const token = urlSafe(await seal(appSecret(env), 'staff-search-words', plain));
      expect(await openSearch(appSecret(env), clerk.id, token, Date.now()), plain).toBeNull();
      const r = await inboxRefs(`?qs=${token}`);
      expect(r.status, plain).toBe(422);
    }
  });

  it('gives tokens of one length whatever the words, so that a log cannot tell a phone number from a street', async () => {
    const lengths = new Set<number>();
    for (const q of ['13812345678', '路灯', '', '字'.repeat(100), 'DX-2611-7K3Q']) lengths.add((await tokenFor(clerk, q)).token.length);
    expect([...lengths]).toHaveLength(1);
    // The longest search there can be (100 control characters, each escaped in six) still opens.
    const longest = (await tokenFor(clerk, '\u0001'.repeat(100))).token;
    expect((await inboxRefs(`?qs=${longest}`)).status).toBe(200);
  });

  it('takes no more words than the inbox does, and only from someone signed in', async () => {
    const long = await staff('/search', { method: 'POST', cookie: clerk.cookie, body: { q: '字'.repeat(101) } });
    expect(long.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(long)).error.fields).toEqual({ q: staffFieldMessages.filter.q });
    for (const body of [{}, { q: null }, { q: 5 }]) {
      const res = await staff('/search', { method: 'POST', cookie: clerk.cookie, body });
      expect(res.status).toBe(422);
      expect((await json<{ error: { fields: Record<string, string> } }>(res)).error.fields).toEqual({ q: staffFieldMessages.filter.qRequired });
    }
    expect((await staff('/search', { method: 'POST', body: { q: WORDS } })).status).toBe(401);
    expect((await staff('/search', { cookie: clerk.cookie })).status).toBe(405);
  });
});
