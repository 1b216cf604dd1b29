/**
 * Contact details, masked for everyone. Those allowed may reveal them; the
 * server records who revealed which fields and when (never the values), and
 * the console says so next to the button.
 */
import { useState } from 'preact/hooks';
import type { Contact as ContactDetails } from '../../../../worker/staff/masking';
import { LoadError } from '../../components/error-summary';
import type { ApiError } from '../../lib/api';
import { instantDate } from '../../lib/format';
import { staffApi, type FeedbackDetail } from '../../lib/staff-api';
import { useAnnounce } from '../../state/announcer';

function Details({ c }: { c: ContactDetails }) {
  return (
    <dl class="facts">
      {c.name !== null && (
        <>
          <dt>姓名</dt>
          <dd>{c.name}</dd>
        </>
      )}
      {c.phone !== null && (
        <>
          <dt>电话</dt>
          <dd>{c.phone}</dd>
        </>
      )}
      {c.email !== null && (
        <>
          <dt>电子邮箱</dt>
          <dd>{c.email}</dd>
        </>
      )}
    </dl>
  );
}

export function Contact({ f }: { f: FeedbackDetail }) {
  const announce = useAnnounce();
  const [full, setFull] = useState<ContactDetails | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reveal = async () => {
    const r = await staffApi.reveal(f.id);
    if (r.ok) {
      setFull(r.value.contact);
      setError(null);
      announce('已显示完整联系方式，本次查看已记入审计日志');
    } else setError(r.error);
  };

  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">联系方式</h2>
      {f.anonymous ? (
        <p>匿名提交，没有联系方式。</p>
      ) : !f.hasContact ? (
        <p>反映人没有留下联系方式。</p>
      ) : (
        <>
          <Details c={full ?? f.contact} />
          {f.consentAt && <p class="meta">反映人已于 {instantDate(f.consentAt)} 同意个人信息处理说明。</p>}
          {error && <LoadError error={error} />}
          {!full &&
            (f.allowedActions.reveal ? (
              <div class="reveal-action">
                <button type="button" class="button secondary" aria-describedby="reveal-note" onClick={() => void reveal()}>
                  查看联系方式
                </button>
                <p id="reveal-note" class="hint">
                  查看完整联系方式会记入审计日志（您的账号、时间和查看的项目）。仅在核实情况、答复反映人时查看。
                </p>
              </div>
            ) : (
              <p class="hint">您的账号不能查看完整联系方式。</p>
            ))}
        </>
      )}
    </section>
  );
}
