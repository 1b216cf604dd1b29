import type { ItemView } from '../../../worker/db/notices';
import { instantDate } from '../lib/format';
import { Paragraphs } from './paragraphs';
import { StatusBadge } from './status-badge';

export function ItemCard({ item, slug }: { item: ItemView; slug: string }) {
  const headingId = `item-${item.id}`;
  return (
    <article class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span class="label">{item.label}</span> {item.title}
      </h3>
      <p class="meta">
        <StatusBadge status={item.status} text={item.statusText} />
        <span>{item.feedbackCount > 0 ? `已有 ${item.feedbackCount} 条群众反馈` : '暂无群众反馈'}</span>
      </p>
      {item.body && <Paragraphs text={item.body} />}
      {item.measures && (
        <details class="measures">
          <summary>整改措施</summary>
          <Paragraphs text={item.measures} />
        </details>
      )}
      {item.updates.length > 0 && (
        <section class="updates" aria-label="整改进展">
          <h4>整改进展</h4>
          <ul>
            {item.updates.map((u) => (
              <li key={u.id}>
                <time>{instantDate(u.at)}</time> {u.body}
              </li>
            ))}
          </ul>
        </section>
      )}
      <a class="button" href={`/n/${slug}/feedback?item=${item.id}`} aria-describedby={headingId}>
        我要监督
      </a>
    </article>
  );
}
