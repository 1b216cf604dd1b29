/**
 * A one-time setup link just made (a new member, or a reset), shown once: the
 * admin copies it and sends it to the person. The console never shows a
 * password; the link lets the person choose their own.
 */
import { useEffect, useRef } from 'preact/hooks';
import { instantDateTime } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import type { AccountWithLink } from '../../lib/staff-api';
import { useAnnounce } from '../../state/announcer';

export function SetupLinkPanel({ created, heading }: { created: AccountWithLink; heading: string }) {
  const title = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const announce = useAnnounce();
  useEffect(() => title.current?.focus(), [created.setupLink]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.setupLink);
      announce(consoleMessages.linkCopied);
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for the person to copy.
      field.current?.select();
      announce(consoleMessages.linkNotCopied);
    }
  };

  return (
    <section class="panel receipt" aria-labelledby="setup-link-title">
      <h3 id="setup-link-title" tabIndex={-1} ref={title}>
        {heading}
      </h3>
      <p>
        请把下面的链接发给 {created.user.displayName}（{created.user.email}），由本人打开并设置密码。<strong>该链接 24 小时内有效，只能使用一次。</strong>
      </p>
      <p class="hint">
        有效至 {instantDateTime(created.expiresAt)}。链接只在这里显示这一次，请通过单位内部的安全渠道发送；过期或丢失后可“重置”生成新的链接。
      </p>
      <div class="field">
        <label for="setup-link">设置密码链接</label>
        <input id="setup-link" ref={field} type="text" readOnly value={created.setupLink} data-testid="setup-link" onFocus={(e) => e.currentTarget.select()} />
      </div>
      <p>
        <button type="button" class="button secondary" onClick={() => void copy()}>
          复制链接
        </button>
      </p>
    </section>
  );
}
