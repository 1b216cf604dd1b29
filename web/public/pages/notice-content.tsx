/**
 * The notice page as the server renders it (worker/pages/render.tsx), into the element the browser
 * keeps as it came (pages/notice.tsx): nothing of the notice is rendered, or embedded, for the
 * browser to render again.
 */
import type { PageData } from '../page-data';
import type { NoticeView, SectionView } from '../../../worker/db/notices';
import { ClosedNotice } from '../components/closed-notice';
import { ItemCard } from '../components/item-card';
import { Paragraphs } from '../components/paragraphs';
import { longDate } from '../lib/format';
import { NOTICE_CONTENT_ID } from './notice';

function Category({ section, slug, open }: { section: SectionView; slug: string; open: boolean }) {
  return (
    <details class="category">
      <summary>
        <span class="label">{section.label}</span>
        {section.heading}
        {section.items.length > 0 && <span class="count">（{section.items.length} 项）</span>}
      </summary>
      {section.body && <Paragraphs text={section.body} />}
      {section.items.map((item) => (
        <ItemCard key={item.id} item={item} slug={slug} open={open} />
      ))}
    </details>
  );
}

export function NoticePage({ notice }: { notice: NoticeView }) {
  const c = notice.contacts;
  // Closed and archived notices stay readable; only published ones take feedback.
  const open = notice.state === 'published';
  return (
    <div id={NOTICE_CONTENT_ID}>
      <h1>{notice.title}</h1>
      <p class="meta">
        {notice.issuer}
        {notice.publishedOn && ` · ${longDate(notice.publishedOn)}`} · 共 {notice.itemCount} 项整改事项
      </p>
      {open ? (
        <p class="lead">逐项查看整改情况。认为哪一项没有落实到位，点该项下的“我要监督”告诉我们。</p>
      ) : (
        <ClosedNotice notice={notice} />
      )}
      <Paragraphs text={notice.intro} />
      {notice.parts.map((part) => (
        <section key={part.id} class="part" aria-labelledby={`part-${part.id}`}>
          <h2 id={`part-${part.id}`}>
            {part.label}
            {part.heading}
          </h2>
          {part.body && <Paragraphs text={part.body} />}
          {part.items.map((item) => (
            <ItemCard key={item.id} item={item} slug={notice.slug} open={open} />
          ))}
          {part.categories.map((cat) => (
            <Category key={cat.id} section={cat} slug={notice.slug} open={open} />
          ))}
        </section>
      ))}
      {notice.closing && <Paragraphs text={notice.closing} />}
      {open && (
        <section class="whole" aria-labelledby="whole">
          <h2 id="whole">对整份通报有意见？</h2>
          <a class="button" href={`/n/${notice.slug}/feedback`}>
            对整份通报提意见
          </a>
        </section>
      )}
      {(c.phone || c.address || c.email) && (
        <section class="contacts" aria-labelledby="contacts">
          <h2 id="contacts">{open ? '也可以电话、来信或发邮件' : '通报所列联系方式'}</h2>
          <ul>
            {c.phone && (
              <li>
                电话：<a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
              </li>
            )}
            {c.address && <li>邮政地址：{c.address}</li>}
            {c.email && (
              <li>
                电子邮箱：<a href={`mailto:${c.email}`}>{c.email}</a>
              </li>
            )}
          </ul>
        </section>
      )}
    </div>
  );
}

export default function NoticeRoute(data: Extract<PageData, { page: 'notice' }>) {
  return <NoticePage notice={data.notice} />;
}
