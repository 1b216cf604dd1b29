/**
 * The photos of a manual entry, after it is stored (the entry is JSON; its photos
 * go to POST /api/staff/feedback/:id/photos once it has an id). The receipt says
 * how many were uploaded; if the upload was refused or cut off, the feedback is
 * stored all the same (its query code is shown only once), and the photos stay
 * here with the server's message beside each refused one, to fix and send again,
 * or to add later on the feedback's page.
 */
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton } from '../../components/fields';
import { PhotoField, uploadChosen, type PhotoPicker } from '../../components/photos/picker';
import { photoApi, photoAlt } from '../../lib/photos';
import type { Form } from '../../lib/use-form';

/** Uploads the picker's photos to feedback `id`; the count stored, 0 when refused. */
export async function sendEntryPhotos(form: Form, picker: PhotoPicker, id: number): Promise<number> {
  const done = await uploadChosen(form, picker, (photos) => photoApi.addToFeedback(id, photos));
  return done?.added.length ?? 0;
}

export function EntryPhotos({ id, form, picker, uploaded, itemLabel, onUploaded }: { id: number; form: Form; picker: PhotoPicker; uploaded: number; itemLabel: string | null; onUploaded: (n: number) => void }) {
  const failed = picker.chosen.length > 0 && !form.busy;
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = await sendEntryPhotos(form, picker, id);
    if (n > 0) onUploaded(n);
  };
  return (
    <div class="entry-photos">
      <p role="status">{form.busy ? '正在上传照片…' : uploaded > 0 ? `已上传 ${uploaded} 张照片。` : ''}</p>
      {failed && (
        <form onSubmit={submit} noValidate aria-label="重新上传照片">
          <ErrorSummary form={form} />
          <p>反馈已录入，但照片没有上传成功。可以按提示修改后重新上传，也可以稍后在反馈页面添加。</p>
          <PhotoField form={form} picker={picker} label="照片" alt={(n) => photoAlt(itemLabel, uploaded + n)} />
          <SubmitButton form={form} secondary>
            重新上传照片
          </SubmitButton>
        </form>
      )}
    </div>
  );
}
