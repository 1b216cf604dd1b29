/**
 * Stored photos as thumbnails that open full size in an overlay (a modal
 * <dialog>, with a link to open the photo in a new window). A thumbnail loads
 * the photo through its authorised address, and the server writes an audit entry
 * for each view; the overlay shows the same address, which the browser already
 * holds for this page. Thumbnails keep the photo's proportions (width and height
 * given, so nothing jumps as they load).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './photos.css';

export interface ShownPhoto {
  key: number;
  /** Null once the retention erasure has removed the photo: its place says so. */
  url: string | null;
  alt: string;
  width: number | null;
  height: number | null;
  /** Said under the thumbnail and in the overlay. */
  caption?: ComponentChildren;
}

function Overlay({ photo, onClose }: { photo: ShownPhoto & { url: string }; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="photo-overlay" aria-label={photo.alt} onClose={onClose}>
      <img src={photo.url} alt={photo.alt} width={photo.width ?? undefined} height={photo.height ?? undefined} />
      <div class="photo-overlay-bar">
        {photo.caption && <span class="photo-name">{photo.caption}</span>}
        <a href={photo.url} target="_blank" rel="noopener">
          在新窗口打开原图<span class="visually-hidden">（新窗口）</span>
        </a>
        <button type="button" class="button secondary small" onClick={() => dialog.current?.close()}>
          关闭
        </button>
      </div>
    </dialog>
  );
}

export function PhotoGallery({ photos, label, children }: { photos: ShownPhoto[]; label: string; children?: (p: ShownPhoto) => ComponentChildren }) {
  const [open, setOpen] = useState<(ShownPhoto & { url: string }) | null>(null);
  if (photos.length === 0) return null;
  return (
    <>
      <ul class="photo-list" aria-label={label}>
        {photos.map((p) => (
          <li key={p.key} class="photo">
            {p.url === null ? (
              <span class="photo-thumb photo-erased">已按期删除</span>
            ) : (
              <button type="button" class="photo-open" onClick={() => setOpen({ ...p, url: p.url! })} aria-haspopup="dialog">
                <img class="photo-thumb" src={p.url} alt={p.alt} width={p.width ?? undefined} height={p.height ?? undefined} />
              </button>
            )}
            {children?.(p)}
          </li>
        ))}
      </ul>
      {open && <Overlay key={open.key} photo={open} onClose={() => setOpen(null)} />}
    </>
  );
}
