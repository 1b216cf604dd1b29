/**
 * One feedback: what it says, who sent it (masked), its deadlines, what this
 * user may do to it now, the internal notes and the whole timeline. Every
 * action answers with the feedback as it is afterwards, which replaces it here.
 */
import { LoadError } from '../../components/error-summary';
import { Page } from '../../components/page';
import { StatusTag } from '../../components/status-tag';
import { consoleMessages } from '../../lib/messages';
import { staffApi } from '../../lib/staff-api';
import { useResource } from '../../lib/use-resource';
import { useSession } from '../../state/session';
import { Contact } from './contact';
import { Deadlines, Facts, Reply } from './facts';
import { AssignmentForm, ExtensionForm } from './more-actions';
import { Notes } from './notes';
import { Timeline } from './timeline';
import { TransitionForm } from './transition-form';

export function FeedbackPage({ id }: { id: number }) {
  const session = useSession();
  const r = useResource(() => staffApi.feedback(id), `feedback:${id}`);
  const departments = useResource(() => staffApi.departments(), 'departments').data?.departments ?? [];
  const f = r.data;

  if (!f) {
    return (
      <Page title="反馈详情">
        <p>
          <a href="#/inbox">返回收件箱</a>
        </p>
        {r.error ? <LoadError error={r.error} /> : <p class="loading">{consoleMessages.loading}</p>}
      </Page>
    );
  }

  const a = f.allowedActions;
  const canAct = a.transitions.length > 0 || a.assign || a.extend;
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
        <a href="#/inbox">返回收件箱</a>
        {session.can('audit.read') && (
          <>
            {' · '}
            <a href={`#/audit?targetType=feedback&targetId=${f.id}`}>这条反馈的审计记录</a>
          </>
        )}
      </p>
      <div class="detail">
        <div class="detail-main">
          <Facts f={f} />
          <Contact key={f.id} f={f} />
          <Deadlines f={f} />
          <Reply f={f} />
        </div>
        <div class="detail-side">
          {canAct && (
            <section aria-labelledby="actions-title" class="panel">
              <h2 id="actions-title">办理</h2>
              <TransitionForm f={f} departments={departments} onDone={r.set} />
              <AssignmentForm f={f} departments={departments} onDone={r.set} />
              <ExtensionForm f={f} onDone={r.set} />
            </section>
          )}
          <Notes f={f} onDone={r.set} />
        </div>
      </div>
      <Timeline f={f} />
    </Page>
  );
}
