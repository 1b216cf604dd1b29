/**
 * The reading side by side with the source: each piece of the text, where it
 * went, and its role, which staff may change (a line starts an item, an item is
 * folded into the one before); which level forms the items; and the items that
 * result, with their status. Pieces that landed in no item are highlighted.
 */
import { itemStatusLabels } from '../../../../../worker/feedback/labels';
import type { ItemStatus } from '../../../../../worker/notice';
import type { PieceRole } from '../../../../../worker/notice/reading';
import type { Corrections, Reading } from '../../../lib/notice-import-api';
import { levelLabels, placeLabels, roleLabels } from './labels';

const ROLES = Object.keys(roleLabels) as PieceRole[];
const STATUSES = Object.keys(itemStatusLabels) as ItemStatus[];

interface Props {
  reading: Reading;
  corrections: Corrections;
  busy: boolean;
  onCorrect: (c: Corrections) => void;
}

/** Takes the keyboard to a piece's role: the hash is the console's route, so a plain link would leave the screen. */
function toPiece(e: Event, i: number) {
  e.preventDefault();
  document.getElementById(`role-${i}`)?.focus();
}

export function ReviewPanel({ reading, corrections, busy, onCorrect }: Props) {
  // The roles as corrected so far, including a correction whose reading is still on its way.
  const roles = corrections.roles ?? reading.pieces.map((p) => p.role);
  const setRole = (i: number, role: PieceRole) => {
    const next = [...roles];
    next[i] = role;
    onCorrect({ ...corrections, roles: next });
  };
  const problems = new Map(reading.problems.map((p) => [p.piece, p.message]));
  const outside = reading.pieces.filter((p) => p.place !== null && p.item === null).length;

  return (
    <div class="review" aria-busy={busy || undefined}>
      {problems.size === 0 && (
        <p class="notice">
          识别出 <strong>{reading.items.length}</strong> 项整改事项；<strong>{outside}</strong> 段文字不属于任何事项（黄色标出），请核对它们是否应当属于某一项。
          {reading.items.length === 0 && ' 没有识别出整改事项：这份通报发布后将作为全文展示，公众只能对整份通报提出意见。可以在下面选择由哪一级标题构成整改事项。'}
        </p>
      )}
      {reading.problems.length > 0 && (
        <div class="error-summary" role="alert">
          <h2>识别结果中有几行的位置不对</h2>
          <ul>
            {reading.problems.map((p) => (
              <li key={p.piece}>
                <a href={`#role-${p.piece}`} onClick={(e) => toPiece(e, p.piece)}>
                  第 {p.piece + 1} 段：{p.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {reading.levels.length > 0 && (
        <fieldset class="field">
          <legend>整改事项由哪一级标题构成</legend>
          <p class="hint">许多通报不用“整改措施”“整改情况”等字样，而是按标题或“一是、二是”分项叙述。选择一级，重新识别。</p>
          <div class="choices inline">
            <label class="choice">
              <input type="radio" name="review-level" checked={corrections.level === null && corrections.roles === null} onChange={() => onCorrect({ level: null, roles: null, statuses: {} })} />
              按自动识别
            </label>
            {reading.levels.map((l) => (
              <label class="choice" key={l.level}>
                <input
                  type="radio"
                  name="review-level"
                  checked={corrections.level === l.level && corrections.roles === null}
                  onChange={() => onCorrect({ level: l.level, roles: null, statuses: {} })}
                />
                {levelLabels[l.level]}（{l.count} 处）
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div class="review-columns">
        <section aria-labelledby="review-source">
          <h2 id="review-source">原文与识别结果</h2>
          <ol class="pieces">
            {reading.pieces.map((p, i) => (
              <li key={i} class={`piece${p.place !== null && p.item === null ? ' outside' : ''}${problems.has(i) ? ' has-error' : ''}`}>
                <span class="piece-where">
                  第 {p.line + 1} 行
                  {p.place !== null && ` · ${placeLabels[p.place]}`}
                  {(p.place === 'part' || p.place === 'category') && (p.role === p.place ? '标题' : '正文')}
                  {p.item !== null && ` · 第 ${p.item + 1} 项`}
                </span>
                <span class="piece-text" id={`piece-${i}`}>
                  {p.text}
                </span>
                {problems.has(i) && <span class="field-error">{problems.get(i)}</span>}
                <span class="piece-actions">
                  <label class="visually-hidden" for={`role-${i}`}>
                    第 {i + 1} 段的作用
                  </label>
                  <select id={`role-${i}`} value={roles[i]} onChange={(e) => setRole(i, (e.currentTarget as HTMLSelectElement).value as PieceRole)}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {roleLabels[r]}
                      </option>
                    ))}
                  </select>
                  {roles[i] === 'item' ? (
                    <button type="button" class="button secondary small" aria-describedby={`piece-${i}`} onClick={() => setRole(i, 'text')}>
                      并入上一项
                    </button>
                  ) : (
                    roles[i] !== 'title' &&
                    roles[i] !== 'closing' && (
                      <button type="button" class="button secondary small" aria-describedby={`piece-${i}`} onClick={() => setRole(i, 'item')}>
                        设为新事项
                      </button>
                    )
                  )}
                </span>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="review-items">
          <h2 id="review-items">整改事项（{reading.items.length}）</h2>
          {reading.items.length === 0 ? (
            <p>没有识别出整改事项。</p>
          ) : (
            <ol class="review-items">
              {reading.items.map((it, n) => (
                <li key={it.piece}>
                  <p class="item-heading">
                    <a href={`#role-${it.piece}`} onClick={(e) => toPiece(e, it.piece)}>
                      {[it.part, it.category, it.label].filter(Boolean).join(' ')}
                    </a>{' '}
                    {it.title}
                  </p>
                  <label for={`status-${it.piece}`}>第 {n + 1} 项的整改状态</label>
                  <select
                    id={`status-${it.piece}`}
                    value={it.status}
                    onChange={(e) =>
                      onCorrect({ ...corrections, statuses: { ...corrections.statuses, [it.piece]: (e.currentTarget as HTMLSelectElement).value as ItemStatus } })
                    }
                  >
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {itemStatusLabels[s]}
                      </option>
                    ))}
                  </select>
                  {it.statusText && <p class="hint">原文：{it.statusText}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
