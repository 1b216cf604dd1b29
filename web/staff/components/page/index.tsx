/**
 * One screen: its <h1>, and its document title, prefixed with 错误： while any
 * form on the screen shows errors or the screen failed to load. The forms
 * report to `PageErrorsProvider` (above every screen, so a screen's own forms
 * reach it). After a navigation the focus moves to the heading, so a screen
 * reader starts reading the new screen.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { PageErrors } from '../../lib/use-form';

export const APP_TITLE = '整改监督工作台';
let firstScreen = true;

export function PageErrorsProvider({ children }: { children: ComponentChildren }) {
  const [failing, setFailing] = useState<ReadonlySet<string>>(new Set());
  const report = useCallback((key: string, on: boolean) => {
    setFailing((s) => {
      if (s.has(key) === on) return s;
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  return <PageErrors.Provider value={{ report, failing: failing.size > 0 }}>{children}</PageErrors.Provider>;
}

export function Page({ title, heading, children }: { title: string; heading?: ComponentChildren; children: ComponentChildren }) {
  const { failing } = useContext(PageErrors);
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${failing ? '错误：' : ''}${title} - ${APP_TITLE}`;
  }, [title, failing]);
  useEffect(() => {
    if (!firstScreen) h1.current?.focus();
    firstScreen = false;
  }, []);
  return (
    <>
      <h1 tabIndex={-1} ref={h1}>
        {heading ?? title}
      </h1>
      {children}
    </>
  );
}
