/**
 * The public API's JSON bodies are objects. One that is JSON but no object (null, an array, a
 * number, a string) is refused as malformed, 400 with one message and no field: there is no
 * field of the form to point at, and a person reading it is told to reload the page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { errorMessages } from '../../worker/messages';
import { postJson, randomAddress, seedSample } from '../helpers/api';
import { workerFetch } from '../helpers/worker';
import { encoded, photoForm, submissionHeaders } from './photos-helpers';
import { submitPublic } from '../staff/helpers';

const MALFORMED = { error: { code: 'malformed_json', message: errorMessages.malformedJson } };
const BODIES = ['null', '[]', '7', '"x"', 'false'];

let ref: string;
let queryCode: string;
beforeAll(async () => {
  await seedSample();
  ({ ref, queryCode } = await submitPublic());
});

describe('a JSON body that is not an object', () => {
  it.each(BODIES)('is refused as malformed by POST /api/feedback (%s)', async (body) => {
    const res = await postJson('/api/feedback', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(MALFORMED);
  });

  it.each(BODIES)('is refused as malformed in the feedback part of a submission with photos (%s)', async (body) => {
    const { bytes, contentType } = await encoded(photoForm(body, []));
    const res = await workerFetch(
      new Request('http://localhost/api/feedback', { method: 'POST', headers: { ...(await submissionHeaders()), 'content-type': contentType }, body: bytes as Uint8Array<ArrayBuffer> }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(MALFORMED);
  });

  it.each(BODIES)('is refused as malformed by the rating, follow-up and review of a feedback (%s)', async (body) => {
    for (const what of ['rating', 'follow-up', 'review']) {
      const res = await postJson(`/api/feedback/${ref}/${what}`, body, { 'x-query-code': queryCode, 'cf-connecting-ip': randomAddress() });
      expect([what, res.status, await res.json()]).toEqual([what, 400, MALFORMED]);
    }
  });
});
