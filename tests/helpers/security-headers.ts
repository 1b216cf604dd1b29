/**
 * The security headers every response carries (worker/http/security-headers.ts), as the tests expect them.
 */
import { expect } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../worker/http/csp';

const EXPECTED = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function expectSecurityHeaders(res: Response) {
  for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers.get(name), name).toBe(value);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  // Chosen photos' thumbnails are object URLs (issue 14): blob: for images, and for nothing else.
  const directives = res.headers.get('content-security-policy')!.split(';').map((d) => d.trim());
  expect(directives).toContain("img-src 'self' data: blob:");
  expect(directives.filter((d) => d.includes('blob:'))).toEqual(["img-src 'self' data: blob:"]);
  expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
}
