/**
 * Staff comments on an item: internal notes, or public progress updates that
 * the notice page shows under the item for everyone to read. Staff bound to a
 * department read another department's items without their internal notes, and
 * comment only on their own department's items. A comment may carry photos
 * (issue 14), uploaded once the comment is stored: on a public update they are
 * public too, shown on the notice page under the item, and the form says so.
 */
import { useState } from 'preact/hooks';
import { PhotoGallery } from '../../components/photos/gallery';
import { PhotoField, uploadChosen, usePhotoPicker } from '../../components/photos/picker';
import { consoleMessages } from '../../lib/messages';
import { photoAlt, photoApi, type CommentPhoto } from '../../lib/photos';
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
  const picker = usePhotoPicker();
  // A comment stored whose photos were refused: the photos go to it when sent again.
  const [photosFor, setPhotosFor] = useState<{ id: number; public: boolean } | null>(null);

  const sendPhotos = async (comment: { id: number; public: boolean }) => {
    const done = await uploadChosen(form, picker, (photos) => photoApi.addToComment(item.id, comment.id, photos));
    setPhotosFor(done ? null : comment);
    if (!done) return;
    list.reload();
    announce(comment.public ? `已发布，通报页面该事项下方已显示这条进展和 ${done.added.length} 张照片` : `已添加内部说明和 ${done.added.length} 张照片`);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (photosFor) {
      // Every photo removed: the comment stands without them.
      if (picker.chosen.length > 0) return sendPhotos(photosFor);
      setPhotosFor(null);
      return form.show([]);
    }
    if (!visibility) return form.show([{ field: 'public', message: staffFieldMessages.public.required }]);
    const blocked = picker.blocked();
    if (blocked) return form.show([{ field: 'photos', message: blocked }]);
    const isPublic = visibility === 'public';
    const done = await form.submit(() => staffApi.addComment(item.id, body, isPublic));
    if (!done) return;
    list.set({ comments: done.comments, internal: done.internal });
    setBody('');
    setVisibility('');
    // With photos, one message once they are sent too (or the form says why they were not).
    if (picker.chosen.length > 0) await sendPhotos({ id: done.id, public: isPublic });
    else announce(isPublic ? '已发布，通报页面该事项下方已显示这条进展' : '已添加内部说明');
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
              <CommentPhotos photos={c.photos} label={item.fullLabel} />
            </li>
          ))}
        </ul>
      )}
      {session.can('item.comment') && own && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary form={form} />
          {photosFor && <p>{photosFor.public ? '进展已发布' : '说明已添加'}，但照片没有上传成功：请按提示修改后重新上传，或移除照片。</p>}
          {!photosFor && <TextArea form={form} name="body" label="添加说明" hint={`最多 ${COMMENT_MAX} 字`} value={body} onInput={setBody} rows={3} />}
          {!photosFor && (
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
          )}
          <PhotoField form={form} picker={picker} hint={consoleMessages.photosPublic} alt={(n) => photoAlt(item.fullLabel, n)} />
          {(photosFor ? photosFor.public : visibility === 'public') && picker.chosen.length > 0 && (
            <p class="photo-public-warning">
              <strong>公开进展中的照片所有人可见。</strong>请确认照片中没有群众的面孔、车牌、门牌等个人信息。
            </p>
          )}
          <SubmitButton form={form} secondary>
            {photosFor ? '重新上传照片' : '添加说明'}
          </SubmitButton>
        </form>
      )}
    </div>
  );
}

function CommentPhotos({ photos, label }: { photos: CommentPhoto[]; label: string }) {
  return <PhotoGallery label="这条说明的照片" photos={photos.map((p, i) => ({ key: p.id, url: p.url, alt: photoAlt(label, i + 1), width: p.width, height: p.height, caption: p.name }))} />;
}
