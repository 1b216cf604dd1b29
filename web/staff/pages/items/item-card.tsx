/**
 * One rectification item for staff: its status in the notice, feedback counted
 * by kind and by status, whether it is disputed, its department, and comments.
 */
import { useState } from 'preact/hooks';
import { itemStatusLabels, kindLabels, statusLabels } from '../../../../worker/feedback/labels';
import { DISPUTED_REPORTS } from '../../../../worker/staff/items';
import { ErrorSummary } from '../../components/error-summary';
import { Select, SubmitButton } from '../../components/fields';
import { STATUSES } from '../../lib/labels';
import { href } from '../../lib/router';
import { staffApi, type Department, type StaffItem } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useAnnounce } from '../../state/announcer';
import { useSession } from '../../state/session';
import { Comments } from './comments';

export function Counts({ counts, inbox }: { counts: StaffItem['counts']; inbox?: string }) {
  if (counts.total === 0) return <p class="meta">暂无群众反馈。</p>;
  const byKind = (Object.keys(kindLabels) as Array<keyof typeof kindLabels>).filter((k) => counts.byKind[k] > 0);
  const byStatus = STATUSES.filter((s) => counts.byStatus[s] > 0);
  return (
    <dl class="counts">
      <dt>反馈</dt>
      <dd>{inbox ? <a href={inbox}>共 {counts.total} 条</a> : `共 ${counts.total} 条`}</dd>
      <dt>按类型</dt>
      <dd>{byKind.map((k) => `${kindLabels[k]} ${counts.byKind[k]}`).join(' · ')}</dd>
      <dt>按状态</dt>
      <dd>{byStatus.map((s) => `${statusLabels[s]} ${counts.byStatus[s]}`).join(' · ')}</dd>
    </dl>
  );
}

function DepartmentForm({ item, departments, onSaved }: { item: StaffItem; departments: Department[]; onSaved: (d: Department | null) => void }) {
  const form = useForm(`item-${item.id}-dept`);
  const announce = useAnnounce();
  const [value, setValue] = useState(item.department ? String(item.department.id) : '');
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.setItemDepartment(item.id, value ? Number(value) : null));
    if (!done) return;
    const d = departments.find((x) => x.id === done.departmentId) ?? null;
    announce(`事项 ${item.fullLabel} 的承办部门已改为${d?.name ?? '未指定'}`);
    onSaved(d);
  };
  return (
    <form onSubmit={submit} noValidate class="inline-form">
      <ErrorSummary form={form} />
      <Select form={form} name="departmentId" label="承办部门" value={value} options={[{ value: '', label: '未指定部门' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]} onChange={setValue} />
      <SubmitButton form={form} secondary>
        保存
      </SubmitButton>
    </form>
  );
}

export function ItemCard({ item: initial, slug, departments }: { item: StaffItem; slug: string; departments: Department[] }) {
  const session = useSession();
  const [item, setItem] = useState(initial);
  const [open, setOpen] = useState(false);
  const titleId = `item-title-${item.id}`;
  return (
    <article class={`card item-card${item.disputed ? ' is-disputed' : ''}`} aria-labelledby={titleId}>
      <h3 id={titleId}>
        <span class="label">{item.fullLabel}</span> {item.title}
      </h3>
      <p class="meta">
        通报所列状态：<span class={`badge badge-${item.status}`}>{item.statusText?.replace(/[。；;\s]+$/u, '') || itemStatusLabels[item.status]}</span>
      </p>
      {item.disputed && (
        <p class="disputed">
          <span aria-hidden="true">⚠ </span>
          <strong>有争议：</strong>通报称已完成整改，但仍有 {item.counts.standingReporters} 个不同来源的 {item.counts.standingReports} 条“反映问题”（来自 {DISPUTED_REPORTS} 个以上不同来源即标记）
        </p>
      )}
      <Counts counts={item.counts} inbox={href('/inbox', { notice: slug, item: String(item.id) })} />
      {session.can('item.assign') ? (
        <DepartmentForm item={item} departments={departments} onSaved={(department) => setItem({ ...item, department })} />
      ) : (
        <p>承办部门：{item.department?.name ?? '未指定'}</p>
      )}
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>说明与整改进展</summary>
        {open && <Comments item={item} slug={slug} />}
      </details>
    </article>
  );
}
