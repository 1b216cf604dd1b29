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
