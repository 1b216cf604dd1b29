import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Two separate entries: the public page never loads the staff console's code.
export default defineConfig({
  root: 'web',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Read by scripts/check-size.ts to measure what each page's first view loads.
    manifest: 'manifest.json',
    target: 'es2019',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        public: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        staff: fileURLToPath(new URL('./web/staff/index.html', import.meta.url)),
      },
    },
  },
});
