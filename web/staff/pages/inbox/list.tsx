/**
 * The inbox rows: a dense table on a desk (one line a row, so that a laptop
 * shows a screenful; what is cut short is whole in its tooltip), cards on a
 * phone (the same rows; CSS shows one or the other). Each row names the
 * deadline that matters now and how many days are left, in words as well as
 * colour, and what needs a second look: 已退回 (with the department's reason),
 * 新分派 (the handler's department has not opened it yet), 待核实 (sent without
 * the proof of work).
 *
 * With `selection`, the table has a checkbox a row and one for all of them,
 * for bulk triage (bulk.tsx).
 */
import { attentionLabels } from '../feedback/attention';
import { channelLabels, kindLabels } from '../../../../worker/feedback/labels';
import type { InboxRow } from '../../../../worker/db/staff-inbox';
import { shanghaiDate } from '../../../../worker/feedback/deadlines';
import { itemHeading } from '../../../../worker/notice/item-label';
import { NextDeadline } from '../../components/days-left';
import { StatusTag } from '../../components/status-tag';
import { instantDate, instantDateTime } from '../../lib/format';
import { isOpenStatus } from '../../../../worker/staff/workflow';

const itemText = (r: InboxRow) => itemHeading(r.item);
const link = (r: InboxRow) => `#/feedback/${r.id}`;
const overdue = (r: InboxRow) => r.overdue.acknowledge || r.overdue.reply;

/** '11-30' this year, '2025-11-30' before; the full date and time (only the date when it was not known) for the tooltip. */
export function tableDate(ms: number, timeUnknown: boolean, now = Date.now()): { short: string; full: string } {
  const date = shanghaiDate(ms);
  return { short: date.slice(0, 4) === shanghaiDate(now).slice(0, 4) ? date.slice(5) : date, full: timeUnknown ? instantDate(ms) : instantDateTime(ms) };
}

export interface RowView {
  /** The user sees one department's feedback: its name would be the same on every row. */
  ownDepartment: number | null;
  /** The user handles for that department: opening newly assigned work signs for it (签收). */
  signs: boolean;
}

/** Newly assigned to the user's own department, still open, and nobody of it has opened it yet. */
const newWork = (r: InboxRow, view: RowView) =>
  view.signs && view.ownDepartment !== null && r.department?.id === view.ownDepartment && r.departmentSeenAt === null && isOpenStatus(r.status);

function Markers({ r, view }: { r: InboxRow; view: RowView }) {
  return (
    <>
      {r.returned && (
        <span class="tag tag-returned" title={r.returned.reason ? `退回理由：${r.returned.reason}` : undefined}>
          已退回
        </span>
      )}
      {newWork(r, view) && <span class="tag tag-new-work">新分派</span>}
      {r.attention && (
        <span class="tag tag-attention" title={`请在 ${r.attention.by} 前处理`}>
          {attentionLabels[r.attention.kind]}
        </span>
      )}
      {r.rating === 1 && (
        <span class="tag tag-unsatisfied" title="反映人对答复不满意：请打开查看评价说明，必要时回访">
          不满意
        </span>
      )}
      {r.needsCheck && (
        <span class="tag tag-check" title="未经人机验证提交（网页未运行脚本），请核实是否为真人反馈">
          待核实
        </span>
      )}
    </>
  );
}

export interface Selection {
  has: (id: number) => boolean;
  toggle: (id: number, on: boolean) => void;
  /** Every row of the list on, or all off. */
  all: (on: boolean) => void;
  count: number;
}

/** How the list is ordered (worker/db/staff-inbox.ts): said to screen readers by the table's caption and the cards' label. */
const LIST_LABEL = '反馈列表：未办结的在前，按紧急程度排序；已办结的在后，按应答复日期由晚到早';

/** Where the finished rows begin after open ones (a view of both: worker/db/staff-inbox.ts), said on the line before the first. */
const FINISHED_FROM_HERE = '以下已办结，按应答复日期由晚到早';
const isOpen = (r: InboxRow) => isOpenStatus(r.status);
const finishedStartsAt = (rows: InboxRow[], i: number) => i > 0 && isOpen(rows[i - 1]!) && !isOpen(rows[i]!);

function Table({ rows, view, selection }: { rows: InboxRow[]; view: RowView; selection: Selection | null }) {
  const showDepartment = view.ownDepartment === null;
  const columns = 7 + (selection ? 1 : 0) + (showDepartment ? 1 : 0);
  const allOn = selection !== null && rows.length > 0 && rows.every((r) => selection.has(r.id));
  return (
    <table class="table inbox-table">
      <caption class="visually-hidden">{LIST_LABEL}</caption>
      <thead>
        <tr>
          {selection && (
            <th scope="col" class="select">
              <input type="checkbox" aria-label={`选择本页全部 ${rows.length} 条`} checked={allOn} onChange={(e) => selection.all((e.currentTarget as HTMLInputElement).checked)} />
            </th>
          )}
          <th scope="col">编号</th>
          <th scope="col">收到</th>
          <th scope="col">渠道</th>
          <th scope="col">事项和内容</th>
          <th scope="col">类型</th>
          <th scope="col">状态</th>
          <th scope="col">期限</th>
          {showDepartment && <th scope="col">承办部门</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const received = tableDate(r.receivedAt, r.receivedTimeUnknown);
          const item = itemText(r);
          const cls = [overdue(r) ? 'is-overdue' : '', newWork(r, view) ? 'is-new-work' : '', selection?.has(r.id) ? 'is-selected' : ''].filter(Boolean).join(' ');
          const row = (
            <tr key={r.id} class={cls || undefined}>
              {selection && (
                <td class="select">
                  <input type="checkbox" aria-label={`选择 ${r.ref}`} checked={selection.has(r.id)} onChange={(e) => selection.toggle(r.id, (e.currentTarget as HTMLInputElement).checked)} />
                </td>
              )}
              <th scope="row">
                <a href={link(r)} class="ref">
                  {r.ref}
                </a>
              </th>
              <td class="nowrap">
                <time dateTime={new Date(r.receivedAt).toISOString()} title={received.full}>
                  {received.short}
                </time>
              </td>
              <td class="nowrap">{channelLabels[r.channel]}</td>
              <td class="content-cell">
                <span class="content-line">
                  <span class="item-label" title={item}>
                    {item}
                  </span>
                  <span class="excerpt" title={r.excerpt}>
                    {r.excerpt}
                  </span>
                </span>
                {r.returned?.reason && (
                  <span class="return-reason" title={r.returned.reason}>
                    退回理由：{r.returned.reason}
                  </span>
                )}
              </td>
              <td class="nowrap">{kindLabels[r.kind]}</td>
              <td class="status-cell">
                <StatusTag status={r.status} />
                <Markers r={r} view={view} />
              </td>
              <td class="nowrap">
                <NextDeadline f={r} />
              </td>
              {showDepartment && <td class="nowrap">{r.department?.name ?? <span class="meta">未指定</span>}</td>}
            </tr>
          );
          if (!finishedStartsAt(rows, i)) return row;
          return [
            <tr key="finished" class="group-row">
              <th scope="rowgroup" colSpan={columns}>
                {FINISHED_FROM_HERE}
              </th>
            </tr>,
            row,
          ];
        })}
      </tbody>
    </table>
  );
}

function Cards({ rows, view }: { rows: InboxRow[]; view: RowView }) {
  return (
    <ul class="cards inbox-cards" aria-label={LIST_LABEL}>
      {rows.map((r, i) => [
        finishedStartsAt(rows, i) && (
          <li key="finished" class="group-row">
            {FINISHED_FROM_HERE}
          </li>
        ),
        <li key={r.id} class={`card${overdue(r) ? ' is-overdue' : ''}${newWork(r, view) ? ' is-new-work' : ''}`}>
          <p class="card-head">
            <a href={link(r)} class="ref">
              {r.ref}
            </a>
            <StatusTag status={r.status} />
            <Markers r={r} view={view} />
          </p>
          <p>
            <NextDeadline f={r} />
          </p>
          <p class="meta">
            {tableDate(r.receivedAt, r.receivedTimeUnknown).full} · {channelLabels[r.channel]} · {kindLabels[r.kind]} · {itemText(r)}
            {view.ownDepartment === null && r.department && ` · ${r.department.name}`}
          </p>
          {r.returned?.reason && <p class="return-reason">退回理由：{r.returned.reason}</p>}
          <p class="excerpt">{r.excerpt}</p>
        </li>,
      ])}
    </ul>
  );
}

/** The rows as a table or as cards (`narrow`): only one of them is in the page, so ids and labels are never doubled. */
export function InboxList({ rows, view, selection, narrow }: { rows: InboxRow[]; view: RowView; selection: Selection | null; narrow: boolean }) {
  if (rows.length === 0) return <p>没有符合条件的反馈。</p>;
  return narrow ? <Cards rows={rows} view={view} /> : <Table rows={rows} view={view} selection={selection} />;
}
