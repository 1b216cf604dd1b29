/**
 * The Content-Security-Policy of every HTML page: scripts and styles only from
 * this origin, no framing. Embedded page data is JSON, which is never run.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
