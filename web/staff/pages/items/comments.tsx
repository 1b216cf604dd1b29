/**
 * Staff comments on an item: internal notes, or public progress updates that
 * the notice page shows under the item for everyone to read. Staff bound to a
 * department read another department's items without their internal notes, and
 * comment only on their own department's items.
 */
import { useState } from 'preact/hooks';
import { COMMENT_MAX } from '../../../../worker/staff/items';
import { staffFieldMessages } from '../../../../worker/staff/messages';
import { ErrorSummary, LoadError } from '../../components/error-summary';
import { Radios, SubmitButton, TextArea } from '../../components/fields';
import { instantDateTime, isoInstant } from '../../lib/format';
import { staffApi, type CommentView, type StaffItem } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';
import { useResource } from '../../lib/use-resource';
import { useAnnounce } from '../../state/announcer';
import { useSession } from '../../state/session';

export function Comments({ item, slug }: { item: StaffItem; slug: string }) {
  const session = useSession();
  const announce = useAnnounce();
  const list = useResource(() => staffApi.comments(item.id), `comments:${item.id}`);
  const form = useForm(`comment-${item.id}`);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!visibility) return form.show([{ field: 'public', message: staffFieldMessages.public.required }]);
    const done = await form.submit(() => staffApi.addComment(item.id, body, visibility === 'public'));
    if (!done) return;
    list.set({ comments: done.comments, internal: done.internal });
    setBody('');
    setVisibility('');
    announce(visibility === 'public' ? '已发布，通报页面该事项下方已显示这条进展' : '已添加内部说明');
  };

  const comments: CommentView[] = list.data?.comments ?? [];
  const own = list.data?.internal ?? false;
  return (
    <div class="comments">
      {list.error && <LoadError error={list.error} />}
      {list.data && !own && <p class="hint">这项事项不由您所在的部门承办：这里只显示公开的整改进展。</p>}
      {comments.length === 0 ? (
        <p class="meta">{list.data && !own ? '还没有公开的整改进展。' : '还没有说明。'}</p>
      ) : (
        <ul class="notes">
          {comments.map((c) => (
            <li key={c.id}>
              <p class="meta">
                <time dateTime={isoInstant(c.at)}>{instantDateTime(c.at)}</time> {c.author.displayName}{' '}
                <span class={c.public ? 'tag tag-public' : 'tag tag-internal'}>{c.public ? '公开进展' : '仅内部'}</span>
              </p>
              <p class="note-text">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      {session.can('item.comment') && own && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary form={form} />
          <TextArea form={form} name="body" label="添加说明" hint={`最多 ${COMMENT_MAX} 字`} value={body} onInput={setBody} rows={3} />
          <Radios
            form={form}
            name="public"
            legend="谁能看到"
            hint={
              <>
                公开的进展会显示在<a href={`/n/${slug}#item-${item.id}`} target="_blank" rel="noopener">通报页面该事项下方<span class="visually-hidden">（新窗口）</span></a>，所有人都能看到。
              </>
            }
            value={visibility}
            options={[
              { value: 'internal', label: '仅工作人员（内部说明）' },
              { value: 'public', label: '公开（整改进展）' },
            ]}
            onChange={setVisibility}
          />
          <SubmitButton form={form} secondary>
            添加说明
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
