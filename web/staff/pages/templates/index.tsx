/**
 * 答复模板, for admins: the templates staff start a reply from (reply-fields.tsx
 * on a feedback's screen), each to change or delete in place, and a new one.
 * A change or deletion is made to the template as read: one changed meanwhile
 * by another admin is refused with a message, and the list is read again.
 */
import { useState } from 'preact/hooks';
import { TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX } from '../../../../worker/staff/reply-templates';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { SubmitButton, TextArea, TextInput } from '../../components/fields';
import { Page } from '../../components/page';
import { instantDateTime } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import { staffApi, type ReplyTemplate } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';

const TITLE_HINT = `一句话说明适用的情形，最多 ${TEMPLATE_TITLE_MAX} 字`;
const BODY_HINT = `答复的文字，选用后可以再修改，最多 ${TEMPLATE_BODY_MAX} 字`;

function TemplateFields({ form, title, body, onTitle, onBody }: {
  form: ReturnType<typeof useForm>; title: string; body: string; onTitle: (v: string) => void; onBody: (v: string) => void;
}) {
  return (
    <>
      <TextInput form={form} name="title" label="模板标题" hint={TITLE_HINT} value={title} onInput={onTitle} />
      <TextArea form={form} name="body" label="模板内容" hint={BODY_HINT} value={body} onInput={onBody} rows={6} />
    </>
  );
}

function NewTemplate({ onAdded }: { onAdded: (t: ReplyTemplate) => void }) {
  const form = useForm('new-template');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.addReplyTemplate(title, body));
    if (!done) return;
    setTitle('');
    setBody('');
    onAdded(done);
  };
  return (
    <section aria-labelledby="new-template-heading">
      <h2 id="new-template-heading">新增模板</h2>
      <form onSubmit={submit} noValidate class="narrow-form">
        <ErrorSummary form={form} />
        <TemplateFields form={form} title={title} body={body} onTitle={setTitle} onBody={setBody} />
        <SubmitButton form={form}>新增模板</SubmitButton>
      </form>
    </section>
  );
}

type Mode = 'view' | 'edit' | 'delete';

function TemplateEntry({ t, onChanged }: { t: ReplyTemplate; onChanged: (message: string) => void }) {
  const form = useForm(`template-${t.id}`);
  const [mode, setMode] = useState<Mode>('view');
  const [title, setTitle] = useState(t.title);
  const [body, setBody] = useState(t.body);
  const headingId = `template-${t.id}-heading`;

  const edit = () => {
    setTitle(t.title);
    setBody(t.body);
    form.show([]);
    setMode('edit');
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.changeReplyTemplate(t, { title, body }));
    if (!done) return;
    setMode('view');
    onChanged(`已保存模板“${done.title}”`);
  };
  const remove = async (e: Event) => {
    e.preventDefault();
    const done = await form.submit(() => staffApi.deleteReplyTemplate(t));
    if (done === null) return;
    onChanged(`已删除模板“${t.title}”`);
  };

  return (
    <li class="template">
      <h3 id={headingId}>{t.title}</h3>
      {mode === 'edit' ? (
        <form onSubmit={save} noValidate class="narrow-form">
          <ErrorSummary form={form} />
          <TemplateFields form={form} title={title} body={body} onTitle={setTitle} onBody={setBody} />
          <div class="actions">
            <SubmitButton form={form}>保存</SubmitButton>
            <button type="button" class="button secondary" onClick={() => setMode('view')}>
              取消<span class="visually-hidden">修改“{t.title}”</span>
            </button>
          </div>
        </form>
      ) : (
        <>
          <p class="template-body">{t.body}</p>
          <p class="meta">最后修改于 {instantDateTime(t.updatedAt)}</p>
          {mode === 'delete' ? (
            <form onSubmit={remove} noValidate class="confirm">
              <ErrorSummary form={form} />
              <p>
                <strong>确认删除模板“{t.title}”？</strong>已经发出的答复不受影响。
              </p>
              <div class="actions">
                <SubmitButton form={form}>确认删除</SubmitButton>
                <button type="button" class="button secondary" onClick={() => setMode('view')}>
                  不删除
                </button>
              </div>
            </form>
          ) : (
            <div class="actions">
              <button type="button" class="button secondary" onClick={edit}>
                修改<span class="visually-hidden">“{t.title}”</span>
              </button>
              <button type="button" class="button secondary" onClick={() => setMode('delete')}>
                删除<span class="visually-hidden">“{t.title}”</span>
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

export function TemplatesPage() {
  const list = useResource(() => staffApi.replyTemplates(), 'reply-templates');
  const announce = useAnnounce();
  const templates = list.data?.templates ?? [];
  const changed = (message: string) => {
    announce(message);
    list.reload();
  };
  return (
    <Page title="答复模板">
      <p class="lead">工作人员答复反馈时可以选用这些模板，选用后还可以修改，发送前会预览反映人看到的内容。</p>
      {list.error && <LoadError error={list.error} />}
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">现有模板{list.data && `（${templates.length}）`}</h2>
        {!list.data && !list.error ? (
          <p class="loading">{consoleMessages.loading}</p>
        ) : templates.length === 0 ? (
          <p>还没有答复模板。</p>
        ) : (
          <ul class="template-list">
            {templates.map((t) => (
              <TemplateEntry key={`${t.id}:${t.updatedAt}`} t={t} onChanged={changed} />
            ))}
          </ul>
        )}
      </section>
      <NewTemplate onAdded={(t) => changed(`已新增模板“${t.title}”`)} />
    </Page>
  );
}
