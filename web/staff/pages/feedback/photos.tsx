/**
 * The feedback's photos (issue 14): thumbnails loaded through the authorised
 * route, each view audited by the server (the page says so), with the photo's
 * name, size and who attached it; an erased one keeps its place as 已按期删除.
 * Staff who may handle a feedback they logged (not a web submission, whose photos
 * are the submitter's) add more, up to PHOTO_MAX_PER_FEEDBACK in all and
 * PHOTO_MAX_COUNT at a time: `allowedActions.addPhotos` says so; the server decides again.
 */
import { PHOTO_MAX_COUNT, PHOTO_MAX_PER_FEEDBACK } from '../../../../worker/photos/limits';
import { photoUploadMessages } from '../../../../worker/photos/messages';
import { ErrorSummary } from '../../components/error-summary';
import { SubmitButton } from '../../components/fields';
import { PhotoGallery } from '../../components/photos/gallery';
import { PhotoField, uploadChosen, usePhotoPicker } from '../../components/photos/picker';
import { instantDateTime } from '../../lib/format';
import { consoleMessages } from '../../lib/messages';
import { photoAlt, photoApi, photoSize } from '../../lib/photos';
import type { FeedbackDetail } from '../../lib/staff-api';
import { useForm } from '../../lib/use-form';


function AddPhotos({ f, stored, onAdded }: { f: FeedbackDetail; stored: number; onAdded: (count: number) => void }) {
  const form = useForm('add-photos');
  // Erased photos count too: they were sent.
  const left = Math.max(0, PHOTO_MAX_PER_FEEDBACK - stored);
  const picker = usePhotoPicker(Math.min(PHOTO_MAX_COUNT, left));
  const label = f.item?.fullLabel ?? null;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (picker.chosen.length === 0) return form.show([{ field: 'photos', message: photoUploadMessages.none }]);
    const done = await uploadChosen(form, picker, (photos) => photoApi.addToFeedback(f.id, photos));
    if (done) onAdded(done.added.length);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-photos-title">
      <h3 id="add-photos-title">添加照片</h3>
      <ErrorSummary form={form} />
      <PhotoField
        form={form}
        picker={picker}
        label="选择照片"
        hint={`这条反馈已有 ${stored} 张照片，最多 ${PHOTO_MAX_PER_FEEDBACK} 张。照片会附在反馈中，反映人凭查询码也能看到。`}
        alt={(n) => photoAlt(label, stored + n)}
      />
      {left > 0 && (
        <SubmitButton form={form} secondary>
          上传照片
        </SubmitButton>
      )}
    </form>
  );
}

export function Photos({ f, onAdded }: { f: FeedbackDetail; onAdded: (count: number) => void }) {
  const photos = f.photos;
  const canAdd = f.allowedActions.addPhotos;
  if (photos.length === 0 && !canAdd) return null;
  const label = f.item?.fullLabel ?? null;
  const stored = photos.length;
  const byKey = new Map(photos.map((p) => [p.id, p]));
  return (
    <section aria-labelledby="photos-title">
      <h2 id="photos-title">照片</h2>
      {photos.length === 0 ? (
        <p class="meta">没有照片。</p>
      ) : (
        <>
          <p class="hint">{consoleMessages.photoViewAudited}点击缩略图查看大图。</p>
          <PhotoGallery
            label="这条反馈的照片"
            photos={photos.map((p, i) => ({ key: p.id, url: p.url, alt: photoAlt(label, i + 1), width: p.width, height: p.height, caption: p.name }))}
          >
            {(shown) => {
              const p = byKey.get(shown.key)!;
              return (
                <>
                  <span class="photo-name">{p.name}</span>
                  <span class="meta">
                    {photoSize(p.size)} · {p.addedBy ? `${p.addedBy.name} 添加` : '反映人提交'}
                    <br />
                    {p.erasedAt === null ? instantDateTime(p.createdAt) : `已按期删除（${instantDateTime(p.erasedAt)}）`}
                  </span>
                </>
              );
            }}
          </PhotoGallery>
        </>
      )}
      {canAdd && <AddPhotos key={stored} f={f} stored={stored} onAdded={onAdded} />}
    </section>
  );
}
