/**
 * What the feedback is: where it came from, what it is about, what it says,
 * who has it (the department, whether it has signed for it, a hand-back), and
 * the deadlines with the days left.
 */
import { channelLabels, kindLabels, ratingLabels } from '../../../../worker/feedback/labels';
import { isOpenStatus } from '../../../../worker/staff/workflow';
import { DaysLeft } from '../../components/days-left';
import { instantDate, instantDateTime, isoInstant, longDate } from '../../lib/format';
import type { FeedbackDetail } from '../../lib/staff-api';
import { useSession } from '../../state/session';
import { MailFacts } from './mail-facts';
import { SourceFacts } from './source';
import { itemHeading } from '../../../../worker/notice/item-label';

/** The item (or the whole notice) on the public notice page, where the public reads it. */
export function publicLink(f: FeedbackDetail): string {
  return f.item ? `/n/${f.notice.slug}#item-${f.item.id}` : `/n/${f.notice.slug}`;
}

export function Facts({ f }: { f: FeedbackDetail }) {
  return (
    <section aria-labelledby="facts-title">
      <h2 id="facts-title">反馈内容</h2>
      <dl class="facts">
        <dt>通报</dt>
        <dd>{f.notice.title}</dd>
        <dt>整改事项</dt>
        <dd>
          {itemHeading(f.item)}{' '}
          <a href={publicLink(f)} target="_blank" rel="noopener">
            在公开页面查看<span class="visually-hidden">（新窗口）</span>
          </a>
        </dd>
        <dt>类型</dt>
        <dd>{kindLabels[f.kind]}</dd>
        <dt>渠道</dt>
        <dd>
          {channelLabels[f.channel]}
          {f.enteredBy && `（${f.enteredBy.displayName} 录入）`}
        </dd>
        {f.needsCheck && (
          <>
            <dt>
              <span class="tag tag-check">待核实</span>
            </dt>
            <dd class="needs-check">提交时网页未运行脚本，没有经过人机验证。请看内容是否像真人反映的情况：是就照常办理；明显是广告或无意义的内容，可以标为无效。</dd>
          </>
        )}
        <SourceFacts f={f} />
        {f.mail && <MailFacts mail={f.mail} />}
        <dt>收到时间</dt>
        <dd>{f.receivedTimeUnknown ? `${instantDate(f.receivedAt)}（未记录具体时间）` : instantDateTime(f.receivedAt)}</dd>
        <dt>承办部门</dt>
        <dd>{f.department?.name ?? '未指定部门'}</dd>
        {/* 未签收 is work waiting for the department: said only while the feedback is open. */}
        {f.department && (f.departmentSeenAt !== null || isOpenStatus(f.status)) && (
          <>
            <dt>签收</dt>
            <dd>
              {f.departmentSeenAt === null ? (
                <span class="tag tag-new-work">未签收</span>
              ) : (
                <>
                  已签收（<time dateTime={isoInstant(f.departmentSeenAt)}>{instantDateTime(f.departmentSeenAt)}</time>）
                </>
              )}
            </dd>
          </>
        )}
        {f.returned && (
          <>
            <dt>退回</dt>
            <dd>
              <span class="tag tag-returned">已退回</span> <time dateTime={isoInstant(f.returned.at)}>{instantDateTime(f.returned.at)}</time>
              {f.returned.reason && <span class="return-reason">，理由：{f.returned.reason}</span>}
            </dd>
          </>
        )}
        {f.duplicateOf && (
          <>
            <dt>与之重复</dt>
            <dd>
              <a href={`#/feedback/${f.duplicateOf.id}`}>{f.duplicateOf.ref}</a>
            </dd>
          </>
        )}
      </dl>
      <blockquote class="content">{f.content}</blockquote>
    </section>
  );
}

/**
 * The legal last days beside the calendar ones (民法典 第二百零三条, by analogy): shown where a
 * calendar day falls on a statutory holiday; and, in one quiet line, when the holiday calendar
 * lacks the year (the admins, who can enter it, are told atop every screen and get a link here).
 */
function LegalDays({ f }: { f: FeedbackDetail }) {
  const mayEnter = useSession().can('calendar.manage');
  const { acknowledgeBy, replyBy, uncoveredYear } = f.legal;
  if (!acknowledgeBy && !replyBy && uncoveredYear === null) return null;
  const rule = f.overdueRule === 'legal' ? '超期按法定最后一日判断' : '超期仍按日历日判断';
  return (
    <>
      <dt>法定最后一日</dt>
      <dd>
        {acknowledgeBy && <span>告知受理：{longDate(acknowledgeBy)}（节假日顺延）</span>}
        {acknowledgeBy && replyBy && '；'}
        {replyBy && <span>答复：{longDate(replyBy)}（节假日顺延）</span>}
        {(acknowledgeBy || replyBy) && <span class="meta">。{rule}。</span>}
        {uncoveredYear !== null && (
          <span class="calendar-missing meta">
            {uncoveredYear} 年的节假日安排尚未录入，暂按日历日计算；录入后会核对是否顺延。
            {mayEnter && (
              <>
                {' '}
                <a href="#/calendar">去录入</a>
              </>
            )}
          </span>
        )}
      </dd>
    </>
  );
}

export function Deadlines({ f }: { f: FeedbackDetail }) {
  const open = f.status === 'new' || f.status === 'accepted' || f.status === 'in_progress';
  return (
    <section aria-labelledby="deadlines-title">
      <h2 id="deadlines-title">办理期限</h2>
      <dl class="facts">
        <dt>告知是否受理</dt>
        <dd>
          {longDate(f.acknowledgeBy)} 前{' '}
          {f.status === 'new' ? <DaysLeft daysLeft={f.acknowledgeDaysLeft} overdue={f.overdue.acknowledge} /> : f.acceptedAt && <span class="meta">（{instantDate(f.acceptedAt)} 已受理）</span>}
        </dd>
        <dt>答复</dt>
        <dd>
          {longDate(f.replyBy)} 前 {open && <DaysLeft daysLeft={f.replyDaysLeft} overdue={f.overdue.reply} />}
          {f.repliedAt && <span class="meta">（{instantDate(f.repliedAt)} 已答复）</span>}
        </dd>
        <LegalDays f={f} />
        <dt>延期</dt>
        <dd>{f.extension ? `已延期 ${f.extension.days} 天。理由：${f.extension.reason ?? ''}` : '未延期'}</dd>
        {f.closedAt && (
          <>
            <dt>办结</dt>
            <dd>{instantDate(f.closedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function Reply({ f }: { f: FeedbackDetail }) {
  if (!f.reply && !f.rating) return null;
  return (
    <section aria-labelledby="reply-title">
      <h2 id="reply-title">答复</h2>
      {f.reply && (
        <>
          <p class="hint">答复已公开给反映人，反映人凭编号和查询码可以看到。</p>
          <blockquote class="reply">{f.reply}</blockquote>
        </>
      )}
      {f.rating && (
        <p>
          反映人评价：<strong>{ratingLabels[f.rating.value as keyof typeof ratingLabels]}</strong>
          {f.rating.comment && `。${f.rating.comment}`}
        </p>
      )}
    </section>
  );
}
