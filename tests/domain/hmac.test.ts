/**
 * hmacHex (worker/lib/crypto.ts) keeps each secret's imported key: the answers must stay
 * HMAC-SHA-256's, whichever secrets come in whatever order, as RFC 4231 gives them and as
 * Node's own crypto computes them.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacHex } from '../../worker/lib/crypto';

const reference = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

describe('hmacHex', () => {
  it("gives RFC 4231's test case 2, again when the key is already kept", async () => {
    const expected = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe(expected);
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe(expected);
  });

  it('signs each text under its own secret when secrets alternate, many at once', async () => {
    const secrets = ['s-one', 's-two', 'é-three', ''.padEnd(200, 'x')];
    const asks = Array.from({ length: 40 }, (_, i) => ({ secret: secrets[i % secrets.length]!, data: `text ${i}` }));
    const answers = await Promise.all(asks.map(({ secret, data }) => hmacHex(secret, data)));
    expect(answers).toEqual(asks.map(({ secret, data }) => reference(secret, data)));
  });

  it('stays right past the number of keys it keeps', async () => {
    for (let i = 0; i < 150; i++) {
      const secret = `secret ${i}`;
      expect(await hmacHex(secret, 'data')).toBe(reference(secret, 'data'));
    }
    expect(await hmacHex('secret 3', 'again')).toBe(reference('secret 3', 'again'));
  });
});
