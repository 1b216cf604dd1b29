/**
 * One feedback: what it says, its photos, who sent it (masked), its deadlines, what this
 * user may do to it now, the internal notes and the whole timeline. Every
 * action answers with the feedback as it is afterwards, which replaces it here,
 * and its result is said on this screen only (outcome.tsx), with 下一条.
 *
 * A handler of the feedback's department signs for it by opening it (签收): the
 * page tells the server once it has shown the feedback (the GET itself never
 * writes). After a hand-back (退回) the feedback is no longer theirs to see, so
 * the page says what was returned and where to go on.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { StatusTag } from '../../components/status-tag';
import { instantDateTime } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import { staffApi, type FeedbackDetail, type ReturnedFeedback } from '../../lib/staff-api';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../../state/session';
import { Contact } from './contact';
import { AssignmentForm } from './department';
import { Deadlines, Facts, Reply } from './facts';
import { HandBackForm } from './hand-back';
import { ExtensionForm } from './more-actions';
import { Notes } from './notes';
import { Photos } from './photos';
import { GoOn, inboxLink, Outcome } from './outcome';
import { Timeline } from './timeline';
import { AttentionPanel } from './attention';
import { TransitionForm } from './transition-form';

function Returned({ r }: { r: ReturnedFeedback }) {
  return (
    <Page title={`已退回 ${r.ref}`}>
      <div class="flash outcome" role="status">
        已把反馈 <span class="ref">{r.ref}</span> 退回给分办人员（{instantDateTime(r.returned.at)}），它已不在本部门的收件箱中。
      </div>
      {r.returned.reason && <p>退回理由：{r.returned.reason}</p>}
      <p>
        <GoOn id={r.id} />
      </p>
    </Page>
  );
}

/** Signs for the feedback once, when a handler of its department has it on screen. */
function useSignFor(f: FeedbackDetail | null, set: (f: FeedbackDetail) => void, latest: () => FeedbackDetail | null) {
  const asked = useRef(false);
  useEffect(() => {
    if (!f || asked.current || !f.allowedActions.seen || f.departmentSeenAt !== null) return;
    asked.current = true;
    void staffApi.markSeen(f.id).then((r) => {
      const now = latest();
      // Only over the version it was asked about: an action answered meanwhile is newer.
      if (r.ok && now && now.updatedAt === r.value.updatedAt) set(r.value);
    });
  }, [f?.id, f?.departmentSeenAt]);
}

export function FeedbackPage({ id }: { id: number }) {
  const session = useSession();
  const r = useResource(() => staffApi.feedback(id), `feedback:${id}`);
  const departments = useResource(() => staffApi.departments(), 'departments').data?.departments ?? [];
  const [outcome, setOutcome] = useState<{ message: string; version: number } | null>(null);
  const [returned, setReturned] = useState<ReturnedFeedback | null>(null);
  const [choosing, setChoosing] = useState('');
  const f = r.data;
  const current = useRef(f);
  current.current = f;
  useSignFor(f, r.set, () => current.current);

  if (returned) return <Returned r={returned} />;
  if (!f) {
    return (
      <Page title="反馈详情">
        <p>
          <a href={inboxLink()}>返回收件箱</a>
        </p>
        {r.error ? <LoadError error={r.error} /> : <p class="loading">{consoleMessages.loading}</p>}
      </Page>
    );
  }

  const done = (next: FeedbackDetail, message: string) => {
    r.set(next);
    setOutcome((o) => ({ message, version: (o?.version ?? 0) + 1 }));
  };
  const a = f.allowedActions;
  const canAct = a.transitions.length > 0 || a.assign || a.extend || a.return;
  return (
    <Page
      title={`反馈 ${f.ref}`}
      heading={
        <>
          反馈 <span class="ref">{f.ref}</span> <StatusTag status={f.status} />
        </>
      }
    >
      <p>
        <a href={inboxLink()}>返回收件箱</a>
        {session.can('audit.read') && (
          <>
            {' · '}
            <a href={`#/audit?targetType=feedback&targetId=${f.id}`}>这条反馈的审计记录</a>
          </>
        )}
      </p>
      <Outcome id={f.id} message={outcome?.message ?? null} version={outcome?.version ?? 0} />
      <AttentionPanel f={f} onDone={done} />
      <div class="detail">
        <div class="detail-main">
          <Facts f={f} />
          <Photos
            f={f}
            onAdded={(n) => {
              r.reload();
              setOutcome((o) => ({ message: `已上传 ${n} 张照片`, version: (o?.version ?? 0) + 1 }));
            }}
          />
          <Contact key={f.id} f={f} />
          <Deadlines f={f} />
          <Reply f={f} />
        </div>
        <div class="detail-side">
          {canAct && (
            <section aria-labelledby="actions-title" class="panel">
              <h2 id="actions-title">办理</h2>
              <TransitionForm f={f} departments={departments} onChoose={setChoosing} onDone={done} />
              {/* While 办理中 is chosen, its department select is the only one on the screen. */}
              {choosing !== 'in_progress' && <AssignmentForm f={f} departments={departments} onDone={done} />}
              <ExtensionForm f={f} onDone={done} />
              <HandBackForm f={f} onReturned={setReturned} />
            </section>
          )}
          <Notes f={f} onDone={done} />
        </div>
      </div>
      <Timeline f={f} />
    </Page>
  );
}
