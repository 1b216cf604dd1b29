/**
 * Corrects a notice's facts: title, issuer and date at any time; its address
 * (slug) and reference prefix only while it is a draft, since links and
 * references already issued use them. Audited with before and after.
 */
import { useState } from 'preact/hooks';
import { ISSUER_MAX, TITLE_MAX } from '../../../../../worker/notice/lifecycle';
import { lockedFieldMessages } from '../../../../../worker/staff/notice-messages';
import { ErrorSummary } from '../../../components/error-summary';
import { SubmitButton, TextInput } from '../../../components/fields';
import { today } from '../../../lib/format';
import { noticeApi, type StaffNoticeDetail } from '../../../lib/notice-api';
import { useForm } from '../../../lib/use-form';
import { useAnnounce } from '../../../state/announcer';

interface Props {
  notice: StaffNoticeDetail;
  onChanged: (d: StaffNoticeDetail) => void;
  onStale: () => void;
}

export function MetaForm({ notice, onChanged, onStale }: Props) {
  const form = useForm('meta');
  const announce = useAnnounce();
  const [v, setV] = useState({ title: notice.title, issuer: notice.issuer, publishedOn: notice.publishedOn ?? '', slug: notice.slug, refPrefix: notice.refPrefix });
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });
  const draft = notice.lockedFields.length === 0;

  const submit = async (e: Event) => {
    e.preventDefault();
    const changes = { title: v.title, issuer: v.issuer, publishedOn: v.publishedOn || null, ...(draft ? { slug: v.slug.trim(), refPrefix: v.refPrefix.trim() } : {}) };
    const done = await form.submit(async () => {
      const r = await noticeApi.edit(notice, changes);
      if (!r.ok && r.error.code === 'stale') onStale();
      return r;
    });
    if (!done) return;
    announce('通报信息已保存');
    onChanged(done);
  };

  return (
    <details class="panel-details">
      <summary>修改通报信息</summary>
      <form onSubmit={submit} noValidate class="narrow-form" aria-label="修改通报信息">
        <ErrorSummary form={form} />
        <TextInput form={form} name="title" label="标题" hint={`最多 ${TITLE_MAX} 字`} value={v.title} onInput={set('title')} />
        <TextInput form={form} name="issuer" label="发布机关" hint={`最多 ${ISSUER_MAX} 字`} value={v.issuer} onInput={set('issuer')} />
        <TextInput form={form} name="publishedOn" label="发布日期（选填）" hint="通报没有写明日期的可以留空" type="date" max={today()} width="medium" value={v.publishedOn} onInput={set('publishedOn')} />
        {draft ? (
          <>
            <TextInput form={form} name="slug" label="网址" hint="小写英文字母、数字和连字符，如 dongxiao-2023；发布后不能再改" width="medium" value={v.slug} onInput={set('slug')} />
            <TextInput form={form} name="refPrefix" label="编号前缀" hint="2 至 3 个大写英文字母，如 DX；发布后不能再改" width="short" value={v.refPrefix} onInput={set('refPrefix')} />
          </>
        ) : (
          <dl class="facts">
            <dt>网址</dt>
            <dd>
              /n/{notice.slug}
              <p class="hint">{lockedFieldMessages.slug}</p>
            </dd>
            <dt>编号前缀</dt>
            <dd>
              {notice.refPrefix}
              <p class="hint">{lockedFieldMessages.refPrefix}</p>
            </dd>
          </dl>
        )}
        <p class="hint">修改会记入审计日志（修改前后的内容）；通报原文保持不变。</p>
        <SubmitButton form={form}>保存通报信息</SubmitButton>
      </form>
    </details>
  );
}
