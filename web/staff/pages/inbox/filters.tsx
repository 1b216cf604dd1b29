/**
 * The inbox filters, kept in the address (`#/inbox?status=open&overdue=1`), so a
 * filtered inbox survives a reload and can be sent to a colleague. Applying them
 * changes the address; the inbox follows it. The form shows the filters in force
 * (views.ts effectiveFilters): the status select says 待受理 on a clerk's default view,
 * 未办结 with 已超期 on the overdue one.
 *
 * On a desk the form sits above the list; on a phone, below the results, folded
 * (`collapsed`), so that what to do comes first.
 */
import { useEffect, useState } from 'preact/hooks';
import { channelLabels, kindLabels, statusLabels } from '../../../../worker/feedback/labels';
import { sourceWindow, type SourceWindow } from '../../../../worker/lib/source';
import { Checkbox, Select, SubmitButton, TextInput, type Option } from '../../components/fields';
import { instantDateTime } from '../../lib/format';
import { STATUSES } from '../../lib/labels';
import { href, navigate } from '../../lib/router';
import type { Department } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useItemGroups, useNotices } from '../../lib/use-notices';
import { ALL_STATUSES } from './views';

export const FILTER_KEYS = ['status', 'notice', 'item', 'department', 'channel', 'kind', 'overdue', 'dueSoon', 'returned', 'attention', 'from', 'to', 'q', 'source', 'around'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const ALL: Option = { value: '', label: '全部' };
const WHOLE_NOTICE: Option = { value: 'none', label: '整份通报（不针对具体事项）' };
const options = (labels: Record<string, string>): Option[] => [ALL, ...Object.entries(labels).map(([value, label]) => ({ value, label }))];
const STATUS_OPTIONS: Option[] = [
  { value: ALL_STATUSES, label: '全部' },
  { value: 'open', label: '未办结（待受理、已受理、办理中）' },
  ...STATUSES.map((s) => ({ value: s, label: statusLabels[s] })),
];
const DEADLINE_OPTIONS: Option[] = [
  { value: '', label: '不限' },
  { value: 'overdue', label: '已超期' },
  { value: 'dueSoon', label: '即将超期（3 天内到期）' },
];

/** A follow-up or review request after the reply, awaiting staff (worker/staff/attention.ts). */
const ATTENTION_OPTIONS = [
  { value: '', label: '不限' },
  { value: 'any', label: '待回应（补充说明或请求复查）' },
  { value: 'follow_up', label: '待回应的补充说明' },
  { value: 'review', label: '待回应的复查请求' },
];

/** The status as the select shows it: none set means every status. */
const statusOf = (f: Filters) => f.status || ALL_STATUSES;
const deadlineOf = (f: Filters) => (f.overdue === '1' ? 'overdue' : f.dueSoon === '1' ? 'dueSoon' : '');

/** The hour of the `around` filter (half an hour either side of a feedback), or null. */
export function aroundWindow(f: Filters): SourceWindow | null {
  const around = f.around && /^\d+$/.test(f.around) ? Number(f.around) : null;
  return around === null ? null : sourceWindow(around);
}

/** The filters in force, in words, for the line above the list. */
export function describeFilters(f: Filters, departments: Department[]): string[] {
  const out: string[] = [];
  if (f.status && f.status !== ALL_STATUSES) out.push(`状态：${STATUS_OPTIONS.find((o) => o.value === f.status)?.label ?? f.status}`);
  if (f.overdue === '1') out.push('已超期');
  if (f.dueSoon === '1') out.push('即将超期（3 天内到期）');
  if (f.returned === '1') out.push('已退回');
  if (f.attention) out.push(ATTENTION_OPTIONS.find((o) => o.value === f.attention)?.label ?? f.attention);
  if (f.notice) out.push(`通报：${f.notice}`);
  if (f.item) out.push(f.item === 'none' ? '对整份通报的反馈' : `事项编号 ${f.item}`);
  if (f.department) out.push(`承办部门：${f.department === 'none' ? '未指定' : (departments.find((d) => String(d.id) === f.department)?.name ?? f.department)}`);
  if (f.channel) out.push(`渠道：${channelLabels[f.channel as keyof typeof channelLabels] ?? f.channel}`);
  if (f.kind) out.push(`类型：${kindLabels[f.kind as keyof typeof kindLabels] ?? f.kind}`);
  if (f.from) out.push(`收到日期自 ${f.from}`);
  if (f.to) out.push(`收到日期至 ${f.to}`);
  if (f.q) out.push(`搜索“${f.q}”`);
  if (f.source) out.push(`来源标识 ${f.source}`);
  const window = aroundWindow(f);
  if (window) out.push(`${instantDateTime(window.from)} 至 ${instantDateTime(window.to)} 收到`);
  return out;
}

export function InboxFilters({ filters, departments, collapsed, showDepartment }: { filters: Filters; departments: Department[]; collapsed: boolean; showDepartment: boolean }) {
  const form = useForm('filter');
  const [v, setV] = useState<Filters>(filters);
  // The address is the truth: a quick link or the back button replaces what was typed.
  const key = JSON.stringify(filters);
  useEffect(() => setV(filters), [key]);
  const notices = useNotices();
  const groups = useItemGroups(v.notice ?? '');
  const set = (k: keyof Filters) => (value: string) => setV((old) => ({ ...old, [k]: value, ...(k === 'notice' ? { item: '' } : {}) }));
  const setDeadline = (value: string) => setV((old) => ({ ...old, overdue: value === 'overdue' ? '1' : '', dueSoon: value === 'dueSoon' ? '1' : '' }));
  const apply = (e: Event) => {
    e.preventDefault();
    navigate('/inbox', { ...v, status: statusOf(v) });
  };
  const MAIN = ['q', 'status', 'overdue', 'dueSoon'];
  const advanced = FILTER_KEYS.some((k) => !MAIN.includes(k) && filters[k]);

  const body = (
    <form role="search" aria-label="筛选反馈" class="filters" onSubmit={apply} noValidate>
      <div class="filter-main">
        <TextInput form={form} name="q" label="搜索" hint="反馈编号，或内容中的文字" value={v.q ?? ''} onInput={set('q')} type="search" />
        <Select form={form} name="status" label="状态" value={statusOf(v)} options={STATUS_OPTIONS} onChange={set('status')} />
        <Select form={form} name="deadline" label="期限" value={deadlineOf(v)} options={DEADLINE_OPTIONS} onChange={setDeadline} />
      </div>
      <details open={advanced}>
        <summary>更多筛选条件</summary>
        <div class="filter-grid">
          <Select form={form} name="notice" label="通报" value={v.notice ?? ''} options={[ALL, ...notices.map((n) => ({ value: n.slug, label: n.title }))]} onChange={set('notice')} />
          {v.notice && <Select form={form} name="item" label="整改事项" value={v.item ?? ''} options={[ALL, WHOLE_NOTICE]} groups={groups} onChange={set('item')} />}
          {showDepartment && (
            <Select
              form={form}
              name="department"
              label="承办部门"
              value={v.department ?? ''}
              options={[ALL, { value: 'none', label: '未指定部门' }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))]}
              onChange={set('department')}
            />
          )}
          <Select form={form} name="channel" label="渠道" value={v.channel ?? ''} options={options(channelLabels)} onChange={set('channel')} />
          <Select form={form} name="kind" label="反馈类型" value={v.kind ?? ''} options={options(kindLabels)} onChange={set('kind')} />
          <TextInput form={form} name="from" label="收到日期自" type="date" value={v.from ?? ''} onInput={set('from')} />
          <TextInput form={form} name="to" label="收到日期至" type="date" value={v.to ?? ''} onInput={set('to')} />
          <TextInput form={form} name="source" label="来源标识" hint="反馈详情中的 8 位来源标识，如 3fa9c2e1" width="medium" value={v.source ?? ''} onInput={set('source')} />
          <Checkbox form={form} name="returned" label="只看部门退回的" checked={v.returned === '1'} onChange={(on) => set('returned')(on ? '1' : '')} />
          <Select form={form} name="attention" label="答复后" value={v.attention ?? ''} options={ATTENTION_OPTIONS} onChange={set('attention')} />
        </div>
      </details>
      <div class="actions">
        <SubmitButton form={form}>筛选</SubmitButton>
        <a class="button secondary" href={href('/inbox', { status: ALL_STATUSES })}>
          清除筛选
        </a>
      </div>
    </form>
  );
  if (!collapsed) return body;
  return (
    <details class="filter-panel">
      <summary>筛选条件</summary>
      {body}
    </details>
  );
}
