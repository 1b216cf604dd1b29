/**
 * Where a photo is kept in the photo store (R2 on Cloudflare, a folder on the Node host): a key of
 * 128 random bits, so that nobody finds a photo by guessing or counting. Feedback photos are only
 * ever served through a signed link or an authorised staff route; a public progress update's photo
 * is served by its key (GET /api/item-photos/<hex>), which is why the key must be unguessable.
 */

export type PhotoKeyKind = 'feedback' | 'items';

/** The key's shape: `feedback/<32 hex>` or `items/<32 hex>`. */
export const PHOTO_KEY = /^(feedback|items)\/[0-9a-f]{32}$/;

/** 128 bits from crypto.getRandomValues, as 32 lower-case hex digits. */
export function randomPhotoHex(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A fresh key for a photo of feedback or of an item's progress update. */
export function newPhotoKey(kind: PhotoKeyKind): string {
  return `${kind}/${randomPhotoHex()}`;
}
