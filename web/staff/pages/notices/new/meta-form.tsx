/**
 * What the text does not say about itself: the notice's title (offered from
 * its first line when it starts with one), issuer, date, address and the
 * prefix of its feedback references. Saving keeps it a draft.
 */
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../../../components/error-summary';
import { SubmitButton, TextInput } from '../../../components/fields';
import { noticeImportApi, type Corrections, type Reading } from '../../../lib/notice-import-api';
import { useForm } from '../../../lib/use-form';

interface Props {
  reading: Reading;
  corrections: Corrections;
  onSaved: (s: { slug: string; title: string; itemCount: number }) => void;
}

export function MetaForm({ reading, corrections, onSaved }: Props) {
  const form = useForm('meta');
  const [title, setTitle] = useState(reading.title ?? '');
  const [issuer, setIssuer] = useState('');
  const [publishedOn, setPublishedOn] = useState('');
  const [slug, setSlug] = useState('');
  const [refPrefix, setRefPrefix] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const meta = { title, issuer, publishedOn: publishedOn || null, slug: slug.trim(), refPrefix: refPrefix.trim().toUpperCase() };
    const done = await form.submit(() => noticeImportApi.save(reading.text, corrections, meta));
    if (done) onSaved({ slug: done.slug, title: title.trim(), itemCount: done.itemCount });
  };

  return (
    <form onSubmit={submit} noValidate class="narrow-form" aria-labelledby="meta-heading">
      <h2 id="meta-heading">通报信息</h2>
      <ErrorSummary form={form} />
      <TextInput form={form} name="title" label="标题" hint={reading.title ? '已按原文第一行填写，可修改' : '原文开头没有标题，请填写'} value={title} onInput={setTitle} />
      <TextInput form={form} name="issuer" label="发布机关" hint="如：中共××街道工作委员会" value={issuer} onInput={setIssuer} />
      <TextInput form={form} name="publishedOn" label="发布日期（选填）" type="date" width="medium" value={publishedOn} onInput={setPublishedOn} />
      <TextInput
        form={form}
        name="slug"
        label="网址"
        hint="通报网址的最后一段，用小写字母、数字和连字符，如 dongxiao-2023。保存后公众经这个网址访问"
        width="medium"
        value={slug}
        onInput={setSlug}
      />
      <TextInput form={form} name="refPrefix" label="反馈编号前缀" hint="2 至 3 个大写字母，如 DX。公众收到的反馈编号以它开头" width="short" value={refPrefix} onInput={setRefPrefix} />
      <SubmitButton form={form}>保存为草稿</SubmitButton>
    </form>
  );
}
