import type { ComponentChildren } from 'preact';
import { pageMessages } from '../../../worker/page-messages';
import { LARGE_COOKIE, LARGE_COOKIE_ATTRIBUTES, LARGE_TEXT_PATH } from '../page-data';
import { OutboxStatus } from './outbox-status';

/**
 * The "大字" switch: remembered in a cookie so the server renders the next page large too. A form
 * (POST /large-text sets the same cookie and answers 303 back to `back`), so that it works without
 * scripts; with them, it switches in place without a page load, the page's class being the state
 * (nothing above the layout renders again). A page answering a POST has no address to come back
 * to (`back` null, page-data.ts): there, without scripts, it is hidden (styles.css, `scripting: none`)
 * and a line says why and how to enlarge the page instead, rather than leave a receipt or what
 * was typed for an empty form, or offer a button that does nothing.
 */
function LargeTextToggle({ initial, back }: { initial: boolean; back?: string | null }) {
  const toggle = (e: MouseEvent) => {
    e.preventDefault();
    const large = document.documentElement.classList.toggle('large');
    (e.currentTarget as HTMLElement).setAttribute('aria-pressed', `${large}`);
    document.cookie = `${LARGE_COOKIE}=${+large}; ${LARGE_COOKIE_ATTRIBUTES}`;
  };
  return (
    <form method="post" action={LARGE_TEXT_PATH}>
      <input type="hidden" name="large" value={initial ? 0 : 1} />
      <input type="hidden" name="back" value={back || '/'} />
      <button type={back ? 'submit' : 'button'} class="toggle" aria-pressed={initial} onClick={toggle}>
        大字
      </button>
    </form>
  );
}

export function Layout({ large, back, children }: { large: boolean; back?: string | null; children: ComponentChildren }) {
  return (
    <>
      <header class="bar">
        <a class="brand" href="/">整改监督</a>
        <nav aria-label="常用">
          <a href="/track">查询反馈</a>
          <LargeTextToggle initial={large} back={back} />
        </nav>
      </header>
      <OutboxStatus />
      <main id="main">
        {/* Read only without scripts (a noscript's text is one text node either way, so hydration keeps it). */}
        {back === null && <noscript class="closed">{pageMessages.largeNeedsScript}</noscript>}
        {children}
      </main>
    </>
  );
}
