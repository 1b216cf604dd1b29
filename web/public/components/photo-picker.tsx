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
import { photoAlt } from '../lib/photo-alt';
import { PhotoRedrawError, redrawPhoto, type RedrawFailure } from '../lib/photo-redraw';
import './photo-picker.css';

// Loaded with the picker, so that a submission made offline can keep its photos (the outbox loads it again by itself on a later visit).
export { keepPhotos } from '../lib/photo-outbox';

/** Each says what happened and what to do, next to the file's name. */
export const photoPickerMessages: Record<RedrawFailure | 'tooMany', string> = {
  notImage: '这不是照片，请选择 JPG 或 PNG 格式的照片',
  unreadable: '无法读取这张照片，请换一张，或在相册中另存后再选',
  tooMany: `最多 ${PHOTO_MAX_COUNT} 张照片，这张没有加入`,
};

export interface ChosenPhoto {
  id: number;
  name: string;
  /** The redrawn JPEG, or null when the file could not be used. */
  done: Promise<Blob | null>;
  url?: string;
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

const usable = () => list.filter((c) => !c.error);

/** Adds the chosen files, as many as still fit; each is redrawn in turn (one at a time: a cheap phone has little memory). */
export function addPhotos(files: File[], set: Setter): void {
  notify = set;
  let queue = Promise.resolve();
  const added: ChosenPhoto[] = [];
  for (const file of files) {
    const id = nextId++;
    const name = file.name || '照片';
    if (usable().length + added.filter((c) => !c.error).length >= PHOTO_MAX_COUNT) {
      added.push({ id, name, done: Promise.resolve(null), error: photoPickerMessages.tooMany });
      continue;
    }
    const done = queue.then(() =>
      redrawPhoto(file).then(
        (r) => {
          patch(id, { url: URL.createObjectURL(r.blob), width: r.width, height: r.height });
          return r.blob;
        },
        (e: unknown) => {
          patch(id, { error: photoPickerMessages[e instanceof PhotoRedrawError ? e.reason : 'unreadable'] });
          return null;
        },
      ),
    );
    queue = done.then(() => undefined);
    added.push({ id, name, done });
  }
  change([...list, ...added]);
}

export function removePhoto(id: number): void {
  const gone = list.find((c) => c.id === id);
  if (gone?.url) URL.revokeObjectURL(gone.url);
  change(list.filter((c) => c.id !== id));
}

/** After the submission is kept in the outbox (or sent): the form starts empty again. */
export function clearPhotos(): void {
  for (const c of list) if (c.url) URL.revokeObjectURL(c.url);
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
                ) : c.url ? (
                  <img src={c.url} alt={photoAlt(itemLabel, number)} width={c.width} height={c.height} />
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
