/**
 * Whether a media query holds now, following it as the window changes. The
 * inbox lays itself out by it (not only by CSS) where the order of things in the
 * page must change with the screen: on a phone the results come before the
 * filters, for a screen reader as much as to the eye.
 */
import { useEffect, useState } from 'preact/hooks';

/** A phone: the results before the filters, the filters folded. */
export const PHONE = '(max-width: 600px)';
/** Too narrow for the table: cards instead, and no bulk triage. */
export const NARROW = '(max-width: 60rem)';

export function useMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}
