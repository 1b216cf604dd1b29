/**
 * The notice page in the browser. The server renders the notice (pages/notice-content.tsx) and
 * embeds none of it in the page's data: the page keeps the server's HTML as it came, and hydrates
 * only what has something to do (the bar's 大字 and the outbox, components/layout.tsx). A notice
 * is the page most read, on the cheapest phones: its text is neither sent twice nor rendered
 * twice (the sample notice's page went from 34 KB to 19 KB, and its script from rendering every
 * item to rendering none).
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';

/** The element holding the notice, rendered by the server and kept as it is by the browser. */
export const NOTICE_CONTENT_ID = 'notice';

export default function NoticeRoute() {
  // Read before hydration touches anything; hydrating an element with this innerHTML leaves its
  // children as they are, and nothing renders it again.
  const html = useMemo(() => document.getElementById(NOTICE_CONTENT_ID)?.innerHTML ?? '', []);
  const box = useRef<HTMLDivElement>(null);
  // Hydration matches elements by tag alone: should it have taken another div for this one (one
  // a browser extension put first into <main>), that div is empty and the server's is gone. Then
  // the notice is put back from what was read.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && html && (el.id !== NOTICE_CONTENT_ID || !el.hasChildNodes())) {
      el.id = NOTICE_CONTENT_ID;
      el.innerHTML = html;
    }
  }, [html]);
  // A link to an item (a receipt's 返回通报, #item-N) opens the category it is folded in: Chromium
  // does so by itself (and does it without scripts), other browsers may not.
  useEffect(() => {
    const show = () => {
      const target = location.hash && document.getElementById(location.hash.slice(1));
      const box = target && target.closest('details');
      if (box && !box.open) {
        box.open = true;
        target.scrollIntoView();
      }
    };
    show();
    addEventListener('hashchange', show);
    return () => removeEventListener('hashchange', show);
  }, []);
  return <div id={NOTICE_CONTENT_ID} ref={box} dangerouslySetInnerHTML={{ __html: html }} />;
}
