import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

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
      modulePreload: {
        polyfill: false,
        // The tracking page's follow-up and review part (web/public/components/after-reply-slot.tsx) is fetched
        // after a reply is shown; a preload list for it would cost the page's first view more than it saves.
        resolveDependencies: (filename, deps) => (/after-reply/.test(filename) ? [] : deps),
      },
      rollupOptions: {
        input: fileURLToPath(new URL(staff ? './web/staff/index.html' : './web/index.html', import.meta.url)),
      },
    },
  };
});
