/**
 * 节假日安排, for admins: the years of the official calendar the service knows (shipped with it,
 * from the State Council's notices, or entered here), the open deadlines in a year it does not
 * know (said loudly: their legal last day cannot be worked out), and a form to enter a year's
 * notice when it is published. Entering a year recomputes the legal last days it affects.
 */
import { useState } from 'preact/hooks';
import { CALENDAR_SOURCE_MAX } from '../../../../worker/calendar/entry';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { SubmitButton, TextArea, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { calendarApi, type CalendarOverview } from '../../lib/calendar-api';
import { consoleMessages } from '../../lib/messages';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';
import { dayLines, readDayLines } from './lines';

const DAYS_HINT = '每行一项，照通知填写：连续放假写“2027-02-06 至 2027-02-12 休 春节”，调休上班写“2027-02-20 班 春节”。与周末连休的普通周末不必填写。';

/** Open deadlines in years the calendar lacks, and a notice needed soon. */
function UncoveredWarning({ overview }: { overview: CalendarOverview }) {
  const { uncovered, missingSoon } = overview;
  if (uncovered.length === 0 && missingSoon === null) return null;
  return (
    <div class="error-summary" role="alert">
      <h2>节假日安排数据缺失</h2>
      <ul>
        {uncovered.map((u) => (
          <li key={u.year}>
            {u.year} 年的节假日安排尚未录入：{u.deadlines} 件未办结反馈的期限（最早 {u.firstDeadline}）无法确定法定最后一日，目前只按日历日计算。
          </li>
        ))}
        {missingSoon !== null && !uncovered.some((u) => u.year === missingSoon) && (
          <li>三个月内将用到 {missingSoon} 年的节假日安排，尚未录入。</li>
        )}
      </ul>
      <p>
        国务院办公厅公布通知后，请在<a href="#/calendar">节假日安排</a>中录入。
      </p>
    </div>
  );
}

function EnterYear({ onEntered }: { onEntered: (message: string) => void }) {
  const form = useForm('calendar-year');
  const [year, setYear] = useState('');
  const [source, setSource] = useState('');
  const [lines, setLines] = useState('');
  const load = async () => {
    const y = Number(year);
    if (!Number.isInteger(y)) return;
    const r = await calendarApi.year(y);
    if (r.ok) {
      setSource(r.value.source.join(' '));
      setLines(dayLines(r.value.days));
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const read = readDayLines(lines);
    if (!read.ok) {
      form.show([{ field: 'days', message: read.message }]);
      return;
    }
    const done = await form.submit(() => calendarApi.enter({ year: /^\d+$/.test(year.trim()) ? Number(year) : year, source, days: read.days }));
    if (!done) return;
    onEntered(`已录入 ${done.year} 年的节假日安排（${done.days} 天），重新计算了 ${done.recomputed} 件反馈的法定期限`);
  };
  return (
    <section aria-labelledby="enter-year-heading">
      <h2 id="enter-year-heading">录入或更正一年的安排</h2>
      <p>依据国务院办公厅关于该年部分节假日安排的通知。再次录入同一年份会替换之前录入的内容；对随系统提供的年份录入即为更正。</p>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <TextInput form={form} name="year" label="年份" hint="通知标题中的年份，例如 2027" value={year} onInput={setYear} />
        <p>
          <button type="button" class="button secondary" onClick={() => void load()}>
            读取该年份现有的安排
          </button>
        </p>
        <TextInput form={form} name="source" label="来源" hint={`通知的网址或文号，最多 ${CALENDAR_SOURCE_MAX} 字`} value={source} onInput={setSource} />
        <TextArea form={form} name="days" label="日期" hint={DAYS_HINT} value={lines} onInput={setLines} rows={12} />
        <SubmitButton form={form}>保存并重新计算期限</SubmitButton>
      </form>
    </section>
  );
}

export function CalendarPage() {
  const overview = useResource(() => calendarApi.overview(), 'calendar');
  const announce = useAnnounce();
  const data = overview.data;
  return (
    <Page title="节假日安排">
      <p class="lead">
        信访工作条例的 15 日、60 日、30 日按日历日计算。期限最后一日是法定节假日的，另行显示节假日结束后的次日为法定最后一日（参照民法典第二百零三条）。
        哪一个日期用于判断超期，由设置 OVERDUE_RULE 决定（默认按日历日，较严格）。
      </p>
      {overview.error && <LoadError error={overview.error} />}
      {data && <UncoveredWarning overview={data} />}
      {!data && !overview.error ? (
        <p class="loading">{consoleMessages.loading}</p>
      ) : (
        data && (
          <section aria-labelledby="years-heading">
            <h2 id="years-heading">已有的年份</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">年份</th>
                  <th scope="col">放假</th>
                  <th scope="col">调休上班</th>
                  <th scope="col">依据</th>
                  <th scope="col">来源</th>
                </tr>
              </thead>
              <tbody>
                {data.years.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td>{y.offDays} 天</td>
                    <td>{y.workDays} 天</td>
                    <td>
                      {y.source.map((s) => (/^https?:\/\//.test(s) ? <a key={s} href={s} rel="noreferrer noopener" target="_blank">{s}</a> : <span key={s}>{s}</span>))}
                    </td>
                    <td>{y.origin === 'shipped' ? '随系统提供' : `管理员录入：${y.addedBy ?? ''} ${y.addedAt ? instantDateTime(y.addedAt) : ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="meta">随系统提供的数据来自 {data.shippedSource}（MIT 许可，版权归 NateScarlet 所有），依据国务院办公厅每年的通知。</p>
          </section>
        )
      )}
      <EnterYear
        onEntered={(message) => {
          announce(message);
          overview.reload();
        }}
      />
    </Page>
  );
}
