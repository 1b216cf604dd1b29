/**
 * One notice for admins: its facts and state with the changes it may take, a
 * form to correct its facts, and each item with its wording and its status
 * over time. Every change answers with the whole notice, which replaces the
 * one on screen, so the next change carries the new version.
 */
import { useEffect } from 'preact/hooks';
import { LoadError } from '../../../components/error-summary';
import { Page } from '../../../components/page';
import { longDate } from '../../../lib/format';
import { consoleMessages } from '../../../lib/messages';
import { noticeApi, type StaffNoticeDetail } from '../../../lib/notice-api';
import { href, navigate } from '../../../lib/router';
import { useResource } from '../../../lib/use-resource';
import { NoticeStateTag, StateActions } from '../state-actions';
import { ItemEditor } from './item-editor';
import { MetaForm } from './meta-form';

/** The items under their part and category headings, as the notice lists them. */
function groups(n: StaffNoticeDetail) {
  return n.parts.flatMap((part) => [
    { key: `p${part.id}`, heading: `${part.label}${part.heading}`, items: part.items },
    ...part.categories.map((c) => ({ key: `c${c.id}`, heading: `${part.label}${part.heading} ${c.label}${c.heading}`, items: c.items })),
  ]).filter((g) => g.items.length > 0);
}

export function NoticeDetailPage({ slug }: { slug: string }) {
  const notice = useResource(() => noticeApi.get(slug), `staff-notice:${slug}`);
  const n = notice.data;
  // A draft's slug may change: follow it, so that the address names the notice on screen.
  useEffect(() => {
    if (n && n.slug !== slug) navigate(`/notices/${n.slug}`, {}, { replace: true });
  }, [n?.slug]);
  const changed = (d: StaffNoticeDetail) => notice.set(d);

  return (
    <Page title={n?.title ?? '通报'}>
      <p>
        <a href={href('/notices')}>返回通报列表</a>
      </p>
      {notice.error && <LoadError error={notice.error} />}
      {!n ? (
        !notice.error && <p class="loading">{consoleMessages.loading}</p>
      ) : (
        <>
          <section aria-labelledby="state-title">
            <h2 id="state-title">状态</h2>
            <dl class="facts">
              <dt>状态</dt>
              <dd>
                <NoticeStateTag state={n.state} />
                {n.closedOn && ` ${longDate(n.closedOn)}起停止接收反馈`}
              </dd>
              <dt>发布机关</dt>
              <dd>{n.issuer}</dd>
              <dt>发布日期</dt>
              <dd>{n.publishedOn ? longDate(n.publishedOn) : '未注明'}</dd>
              <dt>公开网址</dt>
              <dd>
                {n.state === 'draft' ? (
                  `/n/${n.slug}（发布后可访问）`
                ) : (
                  <a href={`/n/${n.slug}`} target="_blank" rel="noopener">
                    /n/{n.slug}
                    <span class="visually-hidden">（新窗口）</span>
                  </a>
                )}
              </dd>
              <dt>编号前缀</dt>
              <dd>{n.refPrefix}</dd>
              <dt>整改事项</dt>
              <dd>{n.itemCount} 项</dd>
              <dt>群众反馈</dt>
              <dd>{n.feedbackCount > 0 ? <a href={href('/inbox', { notice: n.slug })}>{n.feedbackCount} 条</a> : '暂无'}</dd>
            </dl>
            <StateActions notice={n} onChanged={changed} onStale={notice.reload} />
          </section>
          <MetaForm key={n.slug} notice={n} onChanged={changed} onStale={notice.reload} />
          <section aria-labelledby="items-title">
            <h2 id="items-title">整改事项</h2>
            {n.itemCount === 0 && <p>这份通报没有分项的整改事项，按全文公开。</p>}
            {groups(n).map((g) => (
              <section key={g.key} aria-label={g.heading}>
                <h3>{g.heading}</h3>
                {g.items.map((item) => (
                  <ItemEditor key={item.id} notice={n} item={item} onChanged={changed} onStale={notice.reload} />
                ))}
              </section>
            ))}
          </section>
        </>
      )}
    </Page>
  );
}
