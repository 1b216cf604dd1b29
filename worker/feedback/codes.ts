/**
 * References and query codes.
 *
 * A reference (DX-2611-7K3Q) is read aloud over the phone, so it uses digits and
 * capitals with nothing that sounds or looks alike: no 0/O, 1/I/L, no U.
 * A query code is the secret that opens a reference's status: 12 Crockford
 * base32 symbols = 60 random bits, typed on a phone as three groups of four.
 * Only its hash is stored.
 */
import { randomBytes, sha256Hex } from '../lib/crypto';

const REF_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const QUERY_CODE_SYMBOLS = 12;
export const REF_PATTERN = /^[A-Z]{2,3}-\d{4}-[2-9A-HJKMNP-TV-Z]{4}$/;

function pick(alphabet: string, n: number): string {
  // Rejection sampling keeps every symbol equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < limit && out.length < n) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** e.g. newRef('DX', '2026-11-27') → 'DX-2611-7K3Q'. */
export function newRef(prefix: string, shanghaiDate: string): string {
  const yymm = shanghaiDate.slice(2, 4) + shanghaiDate.slice(5, 7);
  return `${prefix}-${yymm}-${pick(REF_ALPHABET, 4)}`;
}

export function newQueryCode(): string {
  const s = pick(CROCKFORD, QUERY_CODE_SYMBOLS);
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Accepts what people type: any case, spaces or dashes, O for 0 and I/L for 1. */
export function normaliseQueryCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-‐－—_]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function normaliseRef(input: string): string {
  return input.trim().toUpperCase().replace(/[‐－—_\s]+/g, '-');
}

/** The hash binds the code to its reference, so one code never opens another feedback. */
export function hashQueryCode(ref: string, code: string): Promise<string> {
  return sha256Hex(`query-code:${ref}:${normaliseQueryCode(code)}`);
}
