/**
 * The items of a notice, in the notice's order and groups, each with its
 * feedback counts, disputed flag, department and comments. For staff bound to a
 * department the counts are of their department's feedback, as their inbox has it.
 */
import { useEffect } from 'preact/hooks';
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { nothing } from '../../lib/api';
import { consoleMessages } from '../../lib/messages';
import { href, navigate } from '../../lib/router';
import { staffApi, type ItemsView, type NoticeView, type StaffItem } from '../../lib/staff-api';
import { itemGroups, useNotices } from '../../lib/use-notices';
import { useResource } from '../../lib/use-resource';
import { Counts, ItemCard } from './item-card';

export function ItemsPage({ query }: { query: URLSearchParams }) {
  const notices = useNotices();
  const slug = query.get('notice') ?? notices[0]?.slug ?? '';
  const items = useResource<ItemsView | null>(() => (slug ? staffApi.items(slug) : nothing()), `items:${slug}`);
  const notice = useResource<NoticeView | null>(() => (slug ? staffApi.notice(slug) : nothing()), `notice:${slug}`);
  const departments = useResource(() => staffApi.departments(), 'departments').data?.departments ?? [];
  useEffect(() => {
    if (!query.get('notice') && slug) navigate('/items', { notice: slug }, { replace: true });
  }, [slug]);

  const byId = new Map<number, StaffItem>((items.data?.items ?? []).map((i) => [i.id, i]));
  const groups = notice.data ? itemGroups(notice.data) : [];
  const error = items.error ?? notice.error;

  return (
    <Page title="整改事项">
      {notices.length > 1 && (
        <nav aria-label="选择通报" class="quick-links">
          {notices.map((n) => (
            <a key={n.slug} href={href('/items', { notice: n.slug })} aria-current={n.slug === slug ? 'page' : undefined}>
              {n.title}
            </a>
          ))}
        </nav>
      )}
      {error && <LoadError error={error} />}
      {!items.data || !notice.data ? (
        !error && <p class="loading">{consoleMessages.loading}</p>
      ) : (
        <>
          <p class="lead">{items.data.notice.title}</p>
          {items.data.scope && <p class="hint">反馈条数只统计交给您所在部门办理的反馈，与收件箱中您能看到的一致。</p>}
          <section aria-labelledby="whole-title" class="card">
            <h2 id="whole-title">对整份通报的反馈</h2>
            <Counts counts={items.data.wholeNotice} inbox={href('/inbox', { notice: slug, item: 'none' })} />
          </section>
          {groups.map((g) => (
            <section key={g.label} aria-label={g.label}>
              <h2>{g.label}</h2>
              <div class="card-grid">
                {g.options.map((o) => {
                  const item = byId.get(Number(o.value));
                  return item ? <ItemCard key={item.id} item={item} slug={slug} departments={departments} /> : null;
                })}
              </div>
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
