/**
 * 统计: the figures supervisors ask for, over a notice and a period, within the
 * user's department scope (GET /api/staff/stats). Each chart is a table of its
 * numbers with an inline SVG bar beside each, so that it reads aloud, prints,
 * and needs no charting library; the weekly trend is one small SVG of its own.
 * Printing (@media print in stats.css) leaves out the form and the menus.
 */
import { useState } from 'preact/hooks';
import type { StatsReport } from '../../../worker/stats/report';
import { LoadError } from '../components/error-summary';
import { Page } from '../components/page';
import { api } from '../lib/api';
import { instantDateTime, longDate } from '../lib/format';
import { consoleMessages } from '../lib/messages';
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

const days = (d: number | null) => (d === null ? '—' : `${d} 天`);
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
          <th scope="col">{unit}数</th>
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
      <figcaption>近 12 周收到与答复的反馈（按周一起算，北京时间）</figcaption>
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
            <th scope="col">收到</th>
            <th scope="col">答复</th>
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
        中位数 {days(s.timeToAcknowledge.medianDays)}，90% 在 {days(s.timeToAcknowledge.p90Days)} 以内（{s.timeToAcknowledge.count} 条已作受理决定）
      </dd>
      <dt>答复用时</dt>
      <dd>
        中位数 {days(s.timeToReply.medianDays)}，90% 在 {days(s.timeToReply.p90Days)} 以内（{s.timeToReply.count} 条已答复）
      </dd>
      <dt>当前超期</dt>
      <dd>
        {s.overdue.total} 条（受理超期 {s.overdue.acknowledge} 条，答复超期 {s.overdue.reply} 条）
      </dd>
      <dt>满意率</dt>
      <dd>
        {percent(s.satisfaction.rate)}（{s.satisfaction.rated} 条评价：满意 {s.satisfaction.satisfied}，基本满意 {s.satisfaction.basicallySatisfied}，不满意{' '}
        {s.satisfaction.dissatisfied}）
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

function FilterForm({ value, notices, onApply }: { value: Filters; notices: Array<{ slug: string; title: string }>; onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState(value);
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form
      class="filters stats-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div class="filter-grid">
        <div class="field">
          <label for="stats-notice">通报</label>
          <select id="stats-notice" value={draft.notice} onChange={set('notice')}>
            <option value="">全部通报</option>
            {notices.map((n) => (
              <option key={n.slug} value={n.slug}>
                {n.title}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="stats-from">收到日期从</label>
          <input id="stats-from" type="date" value={draft.from} onInput={set('from')} />
        </div>
        <div class="field">
          <label for="stats-to">至</label>
          <input id="stats-to" type="date" value={draft.to} onInput={set('to')} />
        </div>
      </div>
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
          <p class="meta">
            {s.filters.notice ? `通报：${notices.find((n) => n.slug === s.filters.notice)?.title ?? s.filters.notice}；` : '全部通报；'}
            {s.filters.from || s.filters.to ? `收到日期 ${s.filters.from ?? '最早'} 至 ${s.filters.to ?? '今天'}；` : ''}
            统计时间 {instantDateTime(s.generatedAt)}（北京时间）
          </p>
          <Figures s={s} />
          <Overdue s={s} />
          <h2>分布</h2>
          <div class="stats-grid">
            <Bars caption="按整改事项" rows={s.byItem.map((b) => ({ key: `${b.notice.slug}:${b.item?.id ?? 'whole'}`, label: itemHeading(b.item), count: b.count }))} />
            <Bars caption="按类别" rows={s.byKind.map((b) => ({ key: b.kind, label: b.label, count: b.count }))} />
            <Bars caption="按状态" rows={s.byStatus.map((b) => ({ key: b.status, label: b.label, count: b.count }))} />
            <Bars caption="按渠道" rows={s.byChannel.map((b) => ({ key: b.channel, label: b.label, count: b.count }))} />
            <Bars caption="按责任部门" rows={s.byDepartment.map((b) => ({ key: String(b.department?.id ?? 'none'), label: b.department?.name ?? '未分派', count: b.count }))} />
          </div>
          <h2>趋势</h2>
          <Trend weeks={s.weekly} />
        </div>
      )}
    </Page>
  );
}
