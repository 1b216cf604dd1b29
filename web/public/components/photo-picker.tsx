/**
 * The form's photos once someone has chosen one: each file redrawn in the browser
 * (lib/photo-redraw.ts: orientation applied, metadata and GPS left behind, at most
 * 2560 px), shown as a thumbnail with 删除, or with what went wrong with it. This is
 * a chunk of its own, loaded by the file input's change (pages/feedback-form.tsx),
 * so the form's first view carries none of it.
 *
 * The chosen photos live here, not in the form: a form has one list, and the form
 * hears of every change through the setter it hands over.
 */
import { PHOTO_MAX_COUNT } from '../../../worker/photos/limits';
import { photoMessages } from '../../../worker/photos/messages';
import { photoAlt } from '../lib/photo-alt';
import { PhotoRedrawError, redrawPhoto, type RedrawFailure } from '../lib/photo-redraw';
import './photo-picker.css';

// Loaded with the picker, so that a submission made offline can keep its photos (the outbox loads it again by itself on a later visit).
export { keepPhotos } from '../lib/photo-outbox';

/** A file past the limit: said beside it, as the refusals are (worker/photos/messages.ts). */
export const tooManyMessage = `最多 ${PHOTO_MAX_COUNT} 张照片，这张没有加入`;

/** Why a file could not be used, in the server's words for the same refusal: HEIC and PDF by name, else unknown or broken. */
export function refusalOf(file: File, reason: RedrawFailure): string {
  if (/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name)) return photoMessages.heic;
  if (file.type === 'application/pdf') return photoMessages.pdf;
  return reason === 'notImage' ? photoMessages.unknown : photoMessages.malformed;
}

export interface ChosenPhoto {
  id: number;
  name: string;
  /** The redrawn JPEG, or null when the file could not be used. */
  done: Promise<Blob | null>;
  /** The redrawn photo, small, as a data: URL (lib/photo-redraw.ts). */
  thumbnail?: string;
  width?: number;
  height?: number;
  error?: string;
}

type Setter = (list: ChosenPhoto[]) => void;

let list: ChosenPhoto[] = [];
let nextId = 1;
let notify: Setter = () => undefined;

function change(next: ChosenPhoto[]) {
  list = next;
  notify(list);
}

function patch(id: number, p: Partial<ChosenPhoto>) {
  change(list.map((c) => (c.id === id ? { ...c, ...p } : c)));
}

/** Redraws one at a time, across every choice: a cheap phone has little memory, and a file's turn knows how many photos went before it. */
let queue: Promise<unknown> = Promise.resolve();

/** Adds the chosen files; each takes a place once it is redrawn, while fewer than PHOTO_MAX_COUNT photos are chosen. */
export function addPhotos(files: File[], set: Setter): void {
  notify = set;
  const added = files.map((file) => {
    const id = nextId++;
    const done: Promise<Blob | null> = queue.then(async () => {
      if (list.filter((c) => c.thumbnail).length >= PHOTO_MAX_COUNT) {
        patch(id, { error: tooManyMessage });
        return null;
      }
      try {
        const r = await redrawPhoto(file);
        patch(id, { thumbnail: r.thumbnail, width: r.width, height: r.height });
        return r.blob;
      } catch (e) {
        patch(id, { error: refusalOf(file, e instanceof PhotoRedrawError ? e.reason : 'unreadable') });
        return null;
      }
    });
    queue = done;
    return { id, name: file.name || '照片', done };
  });
  change([...list, ...added]);
}

export function removePhoto(id: number): void {
  change(list.filter((c) => c.id !== id));
}

/** After the submission is kept in the outbox (or sent): the form starts empty again. */
export function clearPhotos(): void {
  change([]);
}

/** The redrawn photos, in order, once every redraw has finished. */
export async function photoBlobs(photos: ChosenPhoto[]): Promise<Blob[]> {
  return (await Promise.all(photos.map((p) => p.done))).filter((b): b is Blob => b !== null);
}

/** `itemLabel`: the chosen item's full label (二（三）2), which names the photos; none for the notice as a whole. */
export function PhotoList({ photos, itemLabel }: { photos: ChosenPhoto[]; itemLabel?: string }) {
  let n = 0;
  const count = photos.filter((c) => !c.error).length;
  const remove = (id: number) => {
    removePhoto(id);
    // The button is gone: take the reader back to the file input.
    document.getElementById('field-photos')?.focus();
  };
  return (
    <>
      <p class="hint" aria-live="polite">
        {photos.length > 0 && `已选 ${count} 张，最多 ${PHOTO_MAX_COUNT} 张`}
      </p>
      {photos.length > 0 && (
        <ul class="photo-list">
          {photos.map((c) => {
            const number = c.error ? 0 : ++n;
            return (
              <li key={c.id}>
                {c.error ? (
                  <p class="field-error" role="alert">
                    <span class="visually-hidden">错误：</span>
                    {c.name}：{c.error}
                  </p>
                ) : c.thumbnail ? (
                  <img src={c.thumbnail} alt={photoAlt(itemLabel, number)} width={c.width} height={c.height} />
                ) : (
                  <span class="photo-wait">正在处理第 {number} 张照片…</span>
                )}
                <button type="button" class="button secondary" aria-label={c.error ? `删除这条提示：${c.name}` : `删除第 ${number} 张照片`} onClick={() => remove(c.id)}>
                  删除
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
