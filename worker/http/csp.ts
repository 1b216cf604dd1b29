/**
 * The Content-Security-Policy of every HTML page: scripts and styles only from
 * this origin, no framing. Embedded page data is JSON, which is never run.
 * Images may also be blob: URLs, as the thumbnails of photos a person has chosen
 * but not sent yet are object URLs of the redrawn files (issue 14); a blob: URL
 * is made by this page's own scripts, and scripts may still come only from 'self'.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
