/**
 * How large a photo's picture may be, read from its header before anything decodes it.
 *
 * The browser redraws every photo to a long edge of at most 2560 px before upload (issue 14), so
 * these limits only meet what skipped that step: a script, an old page, a crafted file. They stop
 * a "bomb" (a few KB of compressed data declaring, say, 100000 × 100000 px, which a viewer would
 * try to allocate 40 GB for) while still taking an unreduced photo from a phone's 48 MP mode
 * (8064 × 6048 = 48.8 MP). A 200 MP mode (16320 × 12240) is refused: its side passes 12,000 px.
 * Decoded as RGBA, 50 MP is 200 MB: as much as a staff member's browser should be asked to draw.
 */
export const PHOTO_MAX_SIDE = 12_000;
export const PHOTO_MAX_PIXELS = 50_000_000;

/**
 * How many photos, and how large, a person may send (issue 14). The browser redraws each photo to
 * a JPEG of a few hundred KB first (PHOTO_LONG_EDGE, PHOTO_JPEG_QUALITY); 8 MB still takes a
 * phone's unreduced photo from a page or script that skipped the redraw. The whole multipart body
 * may hold the photos and the form's text (64 KB is far more than the feedback's JSON needs);
 * a body over it is refused before or while it is read, never buffered whole.
 */
export const PHOTO_MAX_COUNT = 3;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_UPLOAD_MAX_BYTES = PHOTO_MAX_COUNT * PHOTO_MAX_BYTES + 64 * 1024;
/** Staff may add photos to a manual entry in more than one go: at most this many stored per feedback. */
export const PHOTO_MAX_PER_FEEDBACK = 10;
/**
 * Metadata (JPEG APPn and COM segments, PNG text and eXIf chunks) over this in total is not a
 * phone's Exif (a few KB to 64 KB with its thumbnail): the photo is refused rather than quietly
 * shrunk, so that the person learns why (photoMessages.metadataTooLarge).
 */
export const PHOTO_MAX_METADATA_BYTES = 1024 * 1024;

/** The browser's redraw before upload (web/): the long edge in pixels and the JPEG quality. */
export const PHOTO_LONG_EDGE = 2560;
export const PHOTO_JPEG_QUALITY = 0.85;
