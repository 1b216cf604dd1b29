/**
 * The inbox rows: a table on a desk, cards on a phone (the same rows; CSS shows
 * one or the other). Each row names the deadline that matters now and how many
 * days are left, in words as well as colour.
 */
import { channelLabels, kindLabels } from '../../../../worker/feedback/labels';
import type { InboxRow } from '../../../../worker/db/staff-inbox';
import { NextDeadline } from '../../components/days-left';
import { StatusTag } from '../../components/status-tag';
import { instantDate } from '../../lib/format';
import { itemHeading } from '../../../../worker/notice/item-label';

const itemText = (r: InboxRow) => itemHeading(r.item);
const link = (r: InboxRow) => `#/feedback/${r.id}`;

function Table({ rows }: { rows: InboxRow[] }) {
  return (
    <table class="table inbox-table">
      <caption class="visually-hidden">反馈列表，按紧急程度排序</caption>
      <thead>
        <tr>
          <th scope="col">编号</th>
          <th scope="col">收到日期</th>
          <th scope="col">渠道</th>
          <th scope="col">事项和内容</th>
          <th scope="col">类型</th>
          <th scope="col">状态</th>
          <th scope="col">期限</th>
          <th scope="col">承办部门</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} class={r.overdue.acknowledge || r.overdue.reply ? 'is-overdue' : undefined}>
            <th scope="row">
              <a href={link(r)} class="ref">
                {r.ref}
              </a>
            </th>
            <td>{instantDate(r.receivedAt)}</td>
            <td>{channelLabels[r.channel]}</td>
            <td>
              <span class="item-label">{itemText(r)}</span>
              <span class="excerpt">{r.excerpt}</span>
            </td>
            <td>{kindLabels[r.kind]}</td>
            <td>
              <StatusTag status={r.status} />
            </td>
            <td>
              <NextDeadline f={r} />
            </td>
            <td>{r.department?.name ?? <span class="meta">未指定</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cards({ rows }: { rows: InboxRow[] }) {
  return (
    <ul class="cards inbox-cards" aria-label="反馈列表，按紧急程度排序">
      {rows.map((r) => (
        <li key={r.id} class={`card${r.overdue.acknowledge || r.overdue.reply ? ' is-overdue' : ''}`}>
          <p class="card-head">
            <a href={link(r)} class="ref">
              {r.ref}
            </a>
            <StatusTag status={r.status} />
          </p>
          <p>
            <NextDeadline f={r} />
          </p>
          <p class="meta">
            {instantDate(r.receivedAt)} · {channelLabels[r.channel]} · {kindLabels[r.kind]} · {itemText(r)}
            {r.department && ` · ${r.department.name}`}
          </p>
          <p class="excerpt">{r.excerpt}</p>
        </li>
      ))}
    </ul>
  );
}

export function InboxList({ rows }: { rows: InboxRow[] }) {
  if (rows.length === 0) return <p>没有符合条件的反馈。</p>;
  return (
    <>
      <div class="wide-only">
        <Table rows={rows} />
      </div>
      <div class="narrow-only">
        <Cards rows={rows} />
      </div>
    </>
  );
}
