/**
 * A numeric id named in a path (`/:id{[0-9]+}`). The route's pattern lets digits
 * alone through, but digits may still name no row: 400 nines are Infinity to
 * `Number()`, which the database drivers refuse (a 500), and past 2^53 − 1 a
 * number no longer holds its digits, so two different ids would read as one.
 * Such an id is answered as an id that does not exist: the route's own 404.
 */
import type { Context } from 'hono';
import type { ApiError } from './errors';

/** The text as an id (a positive safe integer), or null. */
export function positiveId(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  // Past MAX_SAFE_INTEGER every number is unsafe, rounded or not, so this is exact.
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The path parameter `name` as an id; otherwise throws the route's not-found error. */
export function idParam(c: Context, name: string, notFound: () => ApiError): number {
  const id = positiveId(c.req.param(name));
  if (id === null) throw notFound();
  return id;
}
