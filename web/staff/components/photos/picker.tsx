/**
 * Choosing photos to upload (issue 14): each chosen file is redrawn in the
 * browser first (the public form's web/public/lib/photo-redraw.ts, loaded only
 * now: a JPEG without any of the photo's metadata, its long edge at most
 * PHOTO_LONG_EDGE), shown as a thumbnail (the redraw's small data: copy, which
 * the page's CSP allows) with a remove button, and sent only once redrawn. A refusal from the server is shown
 * beside the photo it names (`error.photos[].index`, 0-based over the photos
 * sent), and the field's own message in the form's error summary.
 */
import { useRef, useState } from 'preact/hooks';
import { PHOTO_MAX_COUNT } from '../../../../worker/photos/limits';
import { photoMessages } from '../../../../worker/photos/messages';
import { consoleMessages } from '../../lib/messages';
import { photoSize, type PhotoToSend, type PhotoUploadError } from '../../lib/photos';
import type { Result } from '../../lib/api';
import type { Form } from '../../lib/use-form';
import { FieldError } from '../error-summary';
import './photos.css';

interface Chosen {
  key: number;
  name: string;
  state: 'drawing' | 'ready' | 'unreadable';
  blob?: Blob;
  width?: number;
  height?: number;
  /** A small copy of the redrawn photo as a data: URL, for its thumbnail. */
  url?: string;
  error?: string;
}

export interface PhotoPicker {
  chosen: Chosen[];
  /** Set when more were chosen than fit. */
  notice: string;
  max: number;
  add: (files: File[]) => void;
  remove: (key: number) => void;
  clear: () => void;
  /** Why the photos cannot be sent yet (one still redrawing, one unreadable); null when they can. */
  blocked: () => string | null;
  /** The photos to send, in order, remembering which is which for a refusal. */
  toSend: () => PhotoToSend[];
  /** Puts the server's per-photo refusals beside the photos of the last `toSend`. */
  refused: (error: PhotoUploadError) => void;
}

let nextKey = 0;

/** A .jpg name for the redrawn photo: 'IMG_0042.HEIC' → 'IMG_0042.jpg'. */
const jpegName = (name: string) => `${name.replace(/\.[^.\\/]{1,5}$/, '') || '照片'}.jpg`;

function unreadableMessage(file: File, reason: string | undefined): string {
  if (/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name)) return photoMessages.heic;
  return reason === 'notImage' ? consoleMessages.photoNotImage : consoleMessages.photoUnreadable;
}

/** Up to `max` photos (PHOTO_MAX_COUNT unless fewer are left, as on a feedback near its limit). */
export function usePhotoPicker(max: number = PHOTO_MAX_COUNT): PhotoPicker {
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [notice, setNotice] = useState('');
  const sent = useRef<number[]>([]);
  const all = useRef<Chosen[]>([]);
  all.current = chosen;

  const update = (key: number, change: Partial<Chosen>) => setChosen((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));

  const add = (files: File[]) => {
    const room = Math.max(0, max - all.current.length);
    const taken = files.slice(0, room);
    setNotice(files.length > room ? consoleMessages.photosTooMany(max, files.length - room) : '');
    const fresh = taken.map((f): Chosen => ({ key: ++nextKey, name: jpegName(f.name), state: 'drawing' }));
    setChosen((list) => [...list, ...fresh]);
    if (taken.length === 0) return;
    void import('../../../public/lib/photo-redraw').then(({ redrawPhoto, PhotoRedrawError }) =>
      Promise.all(
        taken.map(async (file, i) => {
          const key = fresh[i]!.key;
          try {
            const r = await redrawPhoto(file);
            update(key, { state: 'ready', blob: r.blob, width: r.width, height: r.height, url: r.thumbnail });
          } catch (e) {
            update(key, { state: 'unreadable', error: unreadableMessage(file, e instanceof PhotoRedrawError ? e.reason : undefined) });
          }
        }),
      ),
    ).catch(() => fresh.forEach((c) => update(c.key, { state: 'unreadable', error: consoleMessages.network })));
  };

  const remove = (key: number) => {
    setChosen((list) => list.filter((x) => x.key !== key));
    setNotice('');
  };

  return {
    chosen,
    notice,
    max,
    add,
    remove,
    clear: () => {
      setChosen([]);
      setNotice('');
    },
    blocked: () =>
      chosen.some((c) => c.state === 'drawing') ? consoleMessages.photosDrawing : chosen.some((c) => c.state === 'unreadable') ? consoleMessages.photoRemoveUnreadable : null,
    toSend: () => {
      const ready = chosen.filter((c) => c.state === 'ready');
      sent.current = ready.map((c) => c.key);
      setChosen((list) => list.map((c) => ({ ...c, error: c.state === 'unreadable' ? c.error : undefined })));
      return ready.map((c) => ({ blob: c.blob!, name: c.name }));
    },
    refused: (error) => {
      const byKey = new Map((error.photos ?? []).map((r) => [sent.current[r.index], r.message]));
      setChosen((list) => list.map((c) => (byKey.has(c.key) ? { ...c, error: byKey.get(c.key) } : c)));
    },
  };
}

/**
 * The field: label, hint (what happens to the photo's metadata, and anything the
 * caller adds), the field's error, the thumbnails, and the file input.
 */
export function PhotoField({ form, picker, label = '照片（选填）', hint, alt }: { form: Form; picker: PhotoPicker; label?: string; hint?: string; alt: (n: number) => string }) {
  const id = form.id('photos');
  const error = form.error('photos');
  const full = picker.chosen.length >= picker.max;
  const onChange = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    picker.add(Array.from(input.files ?? []));
    // The same file may be chosen again after removing it.
    input.value = '';
  };
  return (
    <div class={`field photo-field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      <p id={`${id}-hint`} class="hint">
        {picker.max > 0 ? `每次最多 ${picker.max} 张，JPEG 或 PNG。` : consoleMessages.photosFull}
        {consoleMessages.photosStripped}
        {hint}
      </p>
      <FieldError id={id} message={error} />
      {picker.chosen.length > 0 && (
        <ul class="photo-list" aria-label="已选择的照片">
          {picker.chosen.map((c, i) => (
            <li key={c.key} class={c.error ? 'photo has-error' : 'photo'}>
              {c.url ? (
                <img class="photo-thumb" src={c.url} alt={alt(i + 1)} width={c.width} height={c.height} />
              ) : (
                <span class="photo-thumb photo-placeholder">{c.state === 'drawing' ? '处理中…' : '无法读取'}</span>
              )}
              <span class="photo-name">
                {c.name}
                {c.blob && <span class="meta">（{photoSize(c.blob.size)}）</span>}
              </span>
              {c.error && (
                <span class="field-error">
                  <span class="visually-hidden">错误：</span>
                  {c.error}
                </span>
              )}
              <button type="button" class="link-button" onClick={() => picker.remove(c.key)}>
                移除<span class="visually-hidden">照片 {c.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {picker.notice && (
        <p class="field-error" role="status">
          {picker.notice}
        </p>
      )}
      <input
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/*"
        multiple
        disabled={full}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
        onChange={onChange}
      />
    </div>
  );
}

/**
 * Sends the chosen photos with `send` through the form: refused until every photo is
 * redrawn and readable; on refusal the server's messages go to the summary and beside
 * each photo it names; on success the picker is emptied. Null when nothing was stored.
 */
export async function uploadChosen<T>(form: Form, picker: PhotoPicker, send: (photos: PhotoToSend[]) => Promise<Result<T>>): Promise<T | null> {
  const blocked = picker.blocked();
  if (blocked) {
    form.show([{ field: 'photos', message: blocked }]);
    return null;
  }
  const photos = picker.toSend();
  let refusal: PhotoUploadError | null = null;
  const done = await form.submit(async () => {
    const r = await send(photos);
    if (!r.ok) refusal = r.error;
    return r;
  });
  if (done) picker.clear();
  else if (refusal) picker.refused(refusal);
  return done;
}
