import preact from '@preact/preset-vite';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * A chunk named after a module of web/public/pages: imported by the entry, it is a page (main.tsx;
 * feedback-send.tsx is imported by the form instead). The server preloads each page's chunk and its
 * imports in the page's HTML (worker/pages/render.tsx), so the entry need not list those files again
 * for its own preloading: that list of hashed names, which gzip cannot shorten, cost every page's
 * first view about 180 bytes.
 */
const PAGE_CHUNK = new RegExp(
  `^assets/(${readdirSync(new URL('./web/public/pages', import.meta.url))
    .map((f) => f.replace(/\.tsx$/, ''))
    .join('|')})-[\\w-]{8}\\.js$`,
);

/**
 * Two separate builds into dist/web: the public page (default) and, with
 * `--mode staff`, the staff console. Built apart, they share no chunk, so the
 * public page never loads (or pays for) anything of the console's.
 */
export default defineConfig(({ mode }) => {
  const staff = mode === 'staff';
  return {
    root: 'web',
    // web/public holds the public app's source, not static files to copy.
    publicDir: false,
    plugins: [preact()],
    build: {
      outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
      // The public build runs first and clears the folder; the staff build adds to it.
      emptyOutDir: !staff,
      // Read by scripts/check-size.ts (public) and by the worker for preload hints.
      manifest: staff ? 'staff/manifest.json' : 'manifest.json',
      target: 'es2019',
      // The public page's CSS: es2019's browsers (Vite's list for it), but for Firefox, from the first that reads
      // system-ui (92): for older ones lightningcss spelt out Latin fallback fonts (Segoe UI, Roboto…) before our CJK
      // ones, 60 bytes of every page.
      cssTarget: staff ? undefined : ['chrome73', 'edge79', 'safari12.1', 'ios12.1', 'firefox92', 'opera60'],
      modulePreload: {
        polyfill: false,
        // The tracking page's follow-up and review part (web/public/components/after-reply-slot.tsx) is fetched
        // after a reply is shown; a preload list for it would cost the page's first view more than it saves.
        // A page's chunk, imported by the entry: the server has preloaded it with its imports (PAGE_CHUNK above).
        resolveDependencies: (filename, deps, { hostId }) =>
          /after-reply/.test(filename) || (!staff && /^assets\/index-/.test(hostId) && PAGE_CHUNK.test(filename)) ? [] : deps,
      },
      rollupOptions: {
        input: fileURLToPath(new URL(staff ? './web/staff/index.html' : './web/index.html', import.meta.url)),
      },
    },
  };
});
