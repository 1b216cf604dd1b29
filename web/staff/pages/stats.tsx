/**
 * 统计: the figures supervisors ask for, over a notice and a period, within the
 * user's department scope (GET /api/staff/stats). Each chart is a table of its
 * numbers with an inline SVG bar beside each, so that it reads aloud, prints,
 * and needs no charting library; the weekly trend is one small SVG of its own.
 * The report is headed with the unit (the notice's issuer), the notice, the
 * period and when it was made, so that a printed copy stands on its own.
 * Printing (@media print in stats.css) leaves out the form and the menus.
 */
import { useState } from 'preact/hooks';
import type { StatsReport } from '../../../worker/stats/report';
import { ErrorSummary, LoadError } from '../components/error-summary';
import { DATE_FORMAT_RULE, DateInput, dateProblem, normaliseDate } from '../components/fields';
import { Page } from '../components/page';
import { PeriodPresets, periodLabels, presetOf } from '../components/period-presets';
import { api } from '../lib/api';
import { instantDateTime, longDate } from '../lib/format';
import { consoleMessages } from '../lib/messages';
import { useForm, type FormError } from '../lib/use-form';
import { useNotices } from '../lib/use-notices';
import { useResource } from '../lib/use-resource';
import './stats.css';
import { itemHeading } from '../../../worker/notice/item-label';

type Stats = StatsReport & { filters: { notice: string | null; from: string | null; to: string | null } };
interface Filters {
  notice: string;
  from: string;
  to: string;
}
interface Bar {
  key: string;
  label: string;
  count: number;
}

const BLUE = '#0b4f96';
const GREEN = '#0a5c27';

/** "Half within N days": whole days, a part of a day counted as a day (worker/stats/figures.ts wholeDaysUp). */
const within = (share: string, d: number | null) => (d === null ? `${share}：—` : `${share}${share.endsWith('%') ? ' ' : ''}在 ${d} 天以内`);
const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

function Bars({ caption, rows, unit = '条' }: { caption: string; rows: Bar[]; unit?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  const total = rows.reduce((s, r) => s + r.count, 0);
  return (
    <table class="table stats-bars">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">项目</th>
          <th scope="col" class="num">
            {unit}数
          </th>
          <th scope="col">
            <span class="visually-hidden">占比</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td class="num">{r.count}</td>
            <td class="bar-cell">
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14" aria-hidden="true" focusable="false">
                <rect x="0" y="1" height="8" width={(r.count / max) * 100} fill={BLUE} />
              </svg>
              <span class="visually-hidden">{total > 0 ? `${Math.round((r.count / total) * 100)}%` : ''}</span>
            </td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>没有反馈</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function Trend({ weeks }: { weeks: Stats['weekly'] }) {
  const max = Math.max(1, ...weeks.flatMap((w) => [w.received, w.replied]));
  const slot = 40;
  const height = 120;
  const y = (n: number) => height - (n / max) * (height - 10);
  return (
    <figure class="stats-trend">
      <figcaption>近 12 周每周收到与答复的反馈（只计统计期间内收到的；按周一起算，北京时间）</figcaption>
      <svg viewBox={`0 0 ${weeks.length * slot} ${height + 16}`} width="100%" role="img" aria-label="每周收到与答复的反馈条数，数字见下表">
        {weeks.map((w, i) => (
          <g key={w.weekStart}>
            <rect x={i * slot + 6} y={y(w.received)} width="13" height={height - y(w.received)} fill={BLUE} />
            <rect x={i * slot + 21} y={y(w.replied)} width="13" height={height - y(w.replied)} fill={GREEN} />
            <text x={i * slot + 20} y={height + 13} font-size="9" text-anchor="middle" fill="#1a1a1a">
              {w.weekStart.slice(5)}
            </text>
          </g>
        ))}
      </svg>
      <p class="legend">
        <span class="swatch received" aria-hidden="true" /> 收到 <span class="swatch replied" aria-hidden="true" /> 答复
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">周（起）</th>
            <th scope="col" class="num">
              收到
            </th>
            <th scope="col" class="num">
              答复
            </th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w.weekStart}>
              <th scope="row">{longDate(w.weekStart)}</th>
              <td class="num">{w.received}</td>
              <td class="num">{w.replied}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function Figures({ s }: { s: Stats }) {
  return (
    <dl class="facts stats-figures">
      <dt>反馈总数</dt>
      <dd>{s.total} 条</dd>
      <dt>受理用时</dt>
      <dd>
        {within('半数', s.timeToAcknowledge.medianWholeDays)}，{within('90%', s.timeToAcknowledge.p90WholeDays)}（{s.timeToAcknowledge.count} 条已作受理决定）
      </dd>
      <dt>答复用时</dt>
      <dd>
        {within('半数', s.timeToReply.medianWholeDays)}，{within('90%', s.timeToReply.p90WholeDays)}（{s.timeToReply.count} 条已答复）
      </dd>
      <dt>受理超期</dt>
      <dd>
        {s.late.acknowledge.total} 条（超过期限才作出受理决定 {s.late.acknowledge.decidedLate} 条，超过期限仍未受理 {s.late.acknowledge.undecided} 条）
      </dd>
      <dt>答复超期</dt>
      <dd>
        {s.late.reply.total} 条（超过期限才答复 {s.late.reply.repliedLate} 条，超过期限仍未答复 {s.late.reply.unreplied} 条）
      </dd>
      <dt>当前超期</dt>
      <dd>
        {s.overdue.total} 条（尚未受理 {s.overdue.acknowledge} 条，尚未答复 {s.overdue.reply} 条），只计统计期间内收到的反馈
      </dd>
      <dt>满意率</dt>
      <dd>
        {percent(s.satisfaction.rate)}（{s.satisfaction.rated} 条评价：满意 {s.satisfaction.satisfied}，基本满意 {s.satisfaction.basicallySatisfied}，不满意{' '}
        {s.satisfaction.dissatisfied}）
      </dd>
      <dt>答复后补充说明</dt>
      <dd>
        {s.afterReply.followUps} 次（{s.afterReply.followedUp} 条反馈）
      </dd>
      <dt>请求复查</dt>
      <dd>{s.afterReply.reviewRequests} 条</dd>
      <dt>待回应</dt>
      <dd>
        补充说明 {s.afterReply.awaiting.followUp} 条，复查请求 {s.afterReply.awaiting.review} 条（其中已过回应期限 {s.afterReply.awaiting.late} 条）
      </dd>
    </dl>
  );
}

function Overdue({ s }: { s: Stats }) {
  if (s.overdue.refs.length === 0) return null;
  return (
    <section>
      <h2>超期反馈</h2>
      <ul class="stats-refs">
        {s.overdue.refs.map((ref) => (
          <li key={ref}>
            <a class="ref" href={`#/inbox?q=${encodeURIComponent(ref)}`}>
              {ref}
            </a>
          </li>
        ))}
      </ul>
      {s.overdue.refsTruncated && <p class="hint">只列出最紧急的 {s.overdue.refs.length} 条，全部请在收件箱中筛选“已超期”。</p>}
    </section>
  );
}

/** 受理超期 and 答复超期 count what was late whenever it happened; 当前超期 only what is still waiting. */
function LateNote() {
  return (
    <p class="hint stats-note">
      受理用时、答复用时：从收到起算，不足一天按一天计。受理超期、答复超期：统计范围内的反馈中，超过期限才作出受理决定（受理、不予受理、重复、无效）或答复的，以及至今超过期限仍未受理或答复的；期限按北京时间的日期计算，答复期限含延期。当前超期只计统计期间内收到、现在仍在等待受理或答复的反馈；收件箱的“已超期”不限收到日期，两者可能不同。
    </p>
  );
}

const DATE_NAMES = { from: '开始日期', to: '结束日期' } as const;

/** The problems of the typed dates, one per field, each naming its field (the summary lists both). */
function filterProblems(f: Filters): FormError[] {
  const errors: FormError[] = [];
  for (const field of ['from', 'to'] as const) {
    if (dateProblem(f[field])) errors.push({ field, message: `${DATE_NAMES[field]}${DATE_FORMAT_RULE}` });
  }
  if (errors.length === 0 && f.from && f.to && f.from > f.to) errors.push({ field: 'to', message: '结束日期不能早于开始日期' });
  return errors;
}

function FilterForm({ value, notices, onApply }: { value: Filters; notices: Array<{ slug: string; title: string }>; onApply: (f: Filters) => void }) {
  const form = useForm('stats');
  const [draft, setDraft] = useState(value);
  const apply = (f: Filters) => {
    const tidy = { ...f, from: normaliseDate(f.from), to: normaliseDate(f.to) };
    setDraft(tidy);
    const errors = filterProblems(tidy);
    form.show(errors);
    if (errors.length === 0) onApply(tidy);
  };
  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <form
      class="stats-filters"
      noValidate
      aria-label="统计范围"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <ErrorSummary form={form} />
      <div class="filter-grid">
        <div class="field">
          <label for="stats-notice">通报</label>
          <select id="stats-notice" value={draft.notice} onChange={(e) => set('notice')((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">全部通报</option>
            {notices.map((n) => (
              <option key={n.slug} value={n.slug}>
                {n.title}
              </option>
            ))}
          </select>
        </div>
        <DateInput form={form} name="from" label="收到日期从" value={draft.from} onInput={set('from')} />
        <DateInput form={form} name="to" label="至" value={draft.to} onInput={set('to')} />
      </div>
      <PeriodPresets from={draft.from} to={draft.to} onPick={(range) => apply({ ...draft, ...range })} />
      <p class="actions">
        <button type="submit" class="button">
          查看统计
        </button>
        <button type="button" class="button secondary" onClick={() => window.print()}>
          打印
        </button>
      </p>
    </form>
  );
}

/** The period as a report states it: from–to, or 全部时间 with the days of the first and last receipt. */
function periodText(s: Stats): string {
  const { from, to } = s.filters;
  const preset = presetOf({ from, to }, s.generatedAt);
  const named = preset ? `（${periodLabels[preset]}）` : '';
  if (from && to) return `${longDate(from)} 至 ${longDate(to)}${named}`;
  if (from) return `${longDate(from)} 起`;
  if (to) return `截至 ${longDate(to)}`;
  const { firstReceived, lastReceived } = s.heading;
  return firstReceived && lastReceived ? `全部时间（最早收到 ${longDate(firstReceived)}，最近收到 ${longDate(lastReceived)}）` : '全部时间（暂无反馈）';
}

/** Who the report is about: the issuer of the notice, or of each notice (the 通报 line says which notices). */
function unitText(s: Stats): string {
  const issuers = [...new Set(s.heading.notices.map((n) => n.issuer).filter((i) => i !== ''))];
  return issuers.length > 0 ? issuers.join('、') : '未注明';
}

function ReportHeading({ s }: { s: Stats }) {
  const notice = s.filters.notice ? (s.heading.notices[0]?.title ?? s.filters.notice) : '全部通报';
  return (
    <section class="report-heading" aria-labelledby="report-title">
      <h2 id="report-title">整改监督群众反馈统计</h2>
      <dl class="facts report-facts">
        <dt>单位</dt>
        <dd>{unitText(s)}</dd>
        <dt>通报</dt>
        <dd>{notice}</dd>
        <dt>统计期间</dt>
        <dd data-testid="report-period">{periodText(s)}</dd>
        <dt>生成时间</dt>
        <dd>{instantDateTime(s.generatedAt)}（北京时间）</dd>
      </dl>
    </section>
  );
}

export function StatsPage() {
  const [filters, setFilters] = useState<Filters>({ notice: '', from: '', to: '' });
  const notices = useNotices();
  const r = useResource(() => api.get<Stats>('/api/staff/stats', { ...filters }), JSON.stringify(filters));
  const s = r.data;
  return (
    <Page title="统计">
      <FilterForm value={filters} notices={notices} onApply={setFilters} />
      {r.error && <LoadError error={r.error} />}
      {!s && !r.error && <p class="loading">{consoleMessages.loading}</p>}
      {s && (
        <div class="stats" aria-busy={r.loading}>
          <ReportHeading s={s} />
          <Figures s={s} />
          <LateNote />
          <Overdue s={s} />
          <h2>分布</h2>
          <div class="stats-grid">
            <Bars caption="按整改事项" rows={s.byItem.map((b) => ({ key: `${b.notice.slug}:${b.item?.id ?? 'whole'}`, label: itemHeading(b.item), count: b.count }))} />
            <Bars caption="按类别" rows={s.byKind.map((b) => ({ key: b.kind, label: b.label, count: b.count }))} />
            <Bars caption="按状态" rows={s.byStatus.map((b) => ({ key: b.status, label: b.label, count: b.count }))} />
            <Bars caption="按渠道" rows={s.byChannel.map((b) => ({ key: b.channel, label: b.label, count: b.count }))} />
            <Bars caption="按承办部门" rows={s.byDepartment.map((b) => ({ key: String(b.department?.id ?? 'none'), label: b.department?.name ?? '未指定部门', count: b.count }))} />
          </div>
          <h2>近 12 周趋势</h2>
          <Trend weeks={s.weekly} />
        </div>
      )}
    </Page>
  );
}
