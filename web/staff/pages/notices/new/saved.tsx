/**
 * The notice is saved as a draft: publish it now, or later from the 通报 screen.
 * A notice without items is said plainly to be published as prose.
 */
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../../../components/error-summary';
import { SubmitButton } from '../../../components/fields';
import { Page } from '../../../components/page';
import { noticeImportApi } from '../../../lib/notice-import-api';
import { useForm } from '../../../lib/use-form';

export function Saved({ saved }: { saved: { slug: string; title: string; itemCount: number } }) {
  const form = useForm('publish');
  const [published, setPublished] = useState(false);
  const publish = async (e: Event) => {
    e.preventDefault();
    if (await form.submit(() => noticeImportApi.publish(saved.slug))) setPublished(true);
  };
  const address = `/n/${saved.slug}`;

  if (published) {
    return (
      <Page key="published" title="通报已发布">
        <p class="flash">“{saved.title}”已发布，公众现在可以阅读并提出意见。</p>
        <p>
          公众网址：<a href={address}>{`${location.origin}${address}`}</a>
        </p>
        <p>
          <a href="#/notices">返回通报列表</a>
        </p>
      </Page>
    );
  }
  return (
    <Page key="draft" title="已保存为草稿">
      <p class="flash">“{saved.title}”已保存为草稿，共 {saved.itemCount} 项整改事项。发布之前公众看不到它。</p>
      {saved.itemCount === 0 && (
        <p class="notice">这份通报没有整改事项：发布后将作为全文展示，公众只能对整份通报提出意见，不能针对某一项。</p>
      )}
      <form onSubmit={publish} noValidate>
        <ErrorSummary form={form} />
        <div class="actions">
          <SubmitButton form={form}>发布</SubmitButton>
          <a href="#/notices">暂不发布，返回通报列表</a>
        </div>
      </form>
    </Page>
  );
}
