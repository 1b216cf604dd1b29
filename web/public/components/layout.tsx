import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { LARGE_COOKIE } from '../page-data';
import { OutboxStatus } from './outbox-status';

/** The "大字" switch: remembered in a cookie so the server renders the next page large too. */
function LargeTextToggle({ initial }: { initial: boolean }) {
  const [large, setLarge] = useState(initial);
  const toggle = () => {
    const next = !large;
    setLarge(next);
    document.documentElement.classList.toggle('large', next);
    document.cookie = `${LARGE_COOKIE}=${next ? 1 : 0}; Path=/; Max-Age=31536000; SameSite=Lax`;
  };
  return (
    <button type="button" class="toggle" aria-pressed={large} onClick={toggle}>
      大字
    </button>
  );
}

export function Layout({ large, children }: { large: boolean; children: ComponentChildren }) {
  return (
    <>
      <header class="bar">
        <a class="brand" href="/">整改监督</a>
        <nav aria-label="常用">
          <a href="/track">查询反馈</a>
          <LargeTextToggle initial={large} />
        </nav>
      </header>
      <OutboxStatus />
      <main id="main">{children}</main>
    </>
  );
}
