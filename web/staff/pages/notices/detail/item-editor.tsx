/**
 * One item of a notice for admins: its status with the changes recorded so
 * far, a change of status as work goes on (dated, with a note the public reads
 * under the item), and corrections of its wording and numbering.
 */
import { itemStatusLabels } from '../../../../../worker/feedback/labels';
import { itemHeading } from '../../../../../worker/notice/item-label';
import { longDate } from '../../../lib/format';
import { changesOverTime, type ItemProps } from './item-props';
import { StatusForm } from './status-form';
import { WordingForm } from './wording-form';

export function ItemEditor(props: ItemProps) {
  const { notice, item } = props;
  const titleId = `item-title-${item.id}`;
  return (
    <article class="card item-card" aria-labelledby={titleId}>
      <h4 id={titleId}>
        <span class="label">{item.label}</span> {item.title}
      </h4>
      <p class="meta">
        当前状态：<span class={`badge badge-${item.status}`}>{itemStatusLabels[item.status]}</span>
        {item.statusText && ` · 通报原文：${item.statusText}`} · 群众反馈 {item.feedbackCount} 条
      </p>
      {item.history.length > 0 && (
        <ul class="notes" aria-label="状态变化">
          {item.history.map((h) => (
            <li key={h.id}>
              <p class="meta">
                <time dateTime={h.changedOn}>{longDate(h.changedOn)}</time> 由“{itemStatusLabels[h.from]}”改为“{itemStatusLabels[h.to]}”
              </p>
              <p class="note-text">{h.note}</p>
            </li>
          ))}
        </ul>
      )}
      {changesOverTime(notice.state) && (
        <details>
          <summary>
            变更状态<span class="visually-hidden">：{itemHeading(item)}</span>
          </summary>
          <StatusForm {...props} />
        </details>
      )}
      <details>
        <summary>
          修改文字<span class="visually-hidden">：{itemHeading(item)}</span>
        </summary>
        <WordingForm {...props} />
      </details>
    </article>
  );
}
