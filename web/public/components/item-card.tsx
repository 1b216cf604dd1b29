import type { ItemView } from '../../../worker/db/notices';
import { itemStatusLabels } from '../../../worker/feedback/labels';
import { instantDate, longDate } from '../lib/format';
import { photoAlt } from '../lib/photo-alt';
import { Paragraphs } from './paragraphs';
import { StatusBadge } from './status-badge';

/** `open`: the notice takes feedback, so the item offers 我要监督. */
export function ItemCard({ item, slug, open }: { item: ItemView; slug: string; open: boolean }) {
  const headingId = `item-${item.id}`;
  return (
    <article class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span class="label">{item.label}</span> {item.title}
      </h3>
      <p class="meta">
        {/* Once the status has changed, the notice's own wording of it is out of date. */}
        <StatusBadge status={item.status} text={item.history.length > 0 ? null : item.statusText} />
        <span>{item.feedbackCount > 0 ? `已有 ${item.feedbackCount} 条群众反馈` : '暂无群众反馈'}</span>
      </p>
      {/* The staff's 有争议, said plainly: what the notice says, and what people report. */}
      {item.disputedBy !== null && <p class="disputed">通报称已完成整改，有 {item.disputedBy} 位群众反映仍有问题</p>}
      {item.body && <Paragraphs text={item.body} />}
      {item.measures && (
        <details class="measures">
          <summary>整改措施</summary>
          <Paragraphs text={item.measures} />
        </details>
      )}
      {item.history.length > 0 && (
        <section class="updates" aria-label="整改状态变化">
          <h4>整改状态变化</h4>
          <ul>
            {item.history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.changedOn}>{longDate(h.changedOn)}</time> 由“{itemStatusLabels[h.from]}”改为“{itemStatusLabels[h.to]}”：{h.note}
              </li>
            ))}
          </ul>
        </section>
      )}
      {item.updates.length > 0 && (
        <section class="updates" aria-label="整改进展">
          <h4>整改进展</h4>
          <ul class="dated">
            {item.updates.map((u) => (
              <li key={u.id}>
                <time dateTime={new Date(u.at).toISOString()}>{instantDate(u.at)}</time>
                <Paragraphs text={u.body} />
                <UpdatePhotos photos={u.photos} label={item.fullLabel} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {open && (
        <a class="button" href={`/n/${slug}/feedback?item=${item.id}`} aria-describedby={headingId}>
          {/* Each link's name says its item, for a screen reader's list of links (the visible words come first, as spoken commands use them). */}
          我要监督<span class="visually-hidden">：{item.fullLabel}</span>
        </a>
      )}
    </article>
  );
}

/** A public progress update's photos, at their lasting public address (GET /api/item-photos/:hex). */
function UpdatePhotos({ photos, label }: { photos: ItemView['updates'][number]['photos']; label: string }) {
  if (photos.length === 0) return null;
  return (
    <ul class="photos">
      {photos.map((p, i) => (
        <li key={p.url}>
          <img src={p.url} loading="lazy" alt={photoAlt(label, i + 1)} width={p.width ?? undefined} height={p.height ?? undefined} />
        </li>
      ))}
    </ul>
  );
}
