/**
 * The size budget that `npm run build` enforces (scripts/size-budget.ts), asked of
 * the real build and of copies of it made to break the budget on purpose.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSizeBudget, FIRST_VIEW, FIRST_VIEW_BUDGET } from '../../scripts/size-budget';
import { DIST, gzipSize, pageFigures, readManifest, type Manifest } from '../../scripts/web-size';

const built = existsSync(join(DIST, 'manifest.json'));
const copies: string[] = [];

/** A copy of the real build to break. */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rw-size-'));
  copies.push(dir);
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

function editManifest(dist: string, path: string, edit: (m: Manifest) => void) {
  const m = readManifest(path, dist);
  edit(m);
  writeFileSync(join(dist, path), JSON.stringify(m));
}

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// `npm test` builds first; running this file alone without a build has nothing to measure.
describe.skipIf(!built)('the size budget of the public pages', () => {
  it('holds for the app as built, with a figure for every public page', () => {
    const report = checkSizeBudget();
    expect(report.failures).toEqual([]);
    expect(report.lines.map((l) => l.split(' ')[0])).toEqual(readManifest()['index.html']!.dynamicImports);
  });

  it('fails when the first view grows past 14 KB of gzip, naming the page', () => {
    const dist = copyOfBuild();
    const page = readManifest('manifest.json', dist)[FIRST_VIEW]!;
    const now = pageFigures(readManifest('manifest.json', dist), dist).find((f) => f.page === FIRST_VIEW)!.bytes;
    // Random bytes do not compress: the page grows by about as many bytes of gzip.
    appendFileSync(join(dist, page.file), randomBytes(FIRST_VIEW_BUDGET - now + 256));
    expect(checkSizeBudget(dist).failures).toEqual([expect.stringMatching(/^public\/pages\/notice\.tsx +14\.\d\d KB gzip \(budget 14 KB\)$/)]);
  });

  it('fails when shared code makes every page too big, and names each one', () => {
    const dist = copyOfBuild();
    const entry = readManifest('manifest.json', dist)['index.html']!;
    appendFileSync(join(dist, entry.file), randomBytes(8 * 1024));
    expect(checkSizeBudget(dist).failures.length).toBe(entry.dynamicImports!.length);
  });

  it('lets another page grow to 16 KB but not past it', () => {
    const dist = copyOfBuild();
    // The smallest page, so that there is room to grow it whatever the others weigh.
    const other = 'public/pages/not-found.tsx';
    const bytes = () => pageFigures(readManifest('manifest.json', dist), dist).find((f) => f.page === other)!.bytes;
    const file = join(dist, readManifest('manifest.json', dist)[other]!.file);
    appendFileSync(file, randomBytes(15 * 1024 - bytes()));
    expect(bytes()).toBeGreaterThan(14 * 1024);
    expect(checkSizeBudget(dist).failures).toEqual([]);
    appendFileSync(file, randomBytes(2 * 1024));
    expect(checkSizeBudget(dist).failures).toEqual([expect.stringMatching(/^public\/pages\/not-found\.tsx .*\(budget 16 KB\)$/)]);
  });

  it('fails when a public page imports a staff console module', () => {
    const dist = copyOfBuild();
    const staffKey = Object.entries(readManifest('staff/manifest.json', dist)).find(([, c]) => c.src?.startsWith('staff/pages/'))![0];
    editManifest(dist, 'manifest.json', (m) => {
      m[staffKey] = { file: 'assets/inbox-x.js', src: staffKey };
      m[FIRST_VIEW]!.dynamicImports = [...(m[FIRST_VIEW]!.dynamicImports ?? []), staffKey];
    });
    writeFileSync(join(dist, 'assets/inbox-x.js'), 'export {}');
    expect(checkSizeBudget(dist).failures).toEqual([`staff code reachable from the public entry: ${staffKey}`]);
  });

  it('fails when the public build shares a file with the staff console', () => {
    const dist = copyOfBuild();
    const publicFile = readManifest('manifest.json', dist)[FIRST_VIEW]!.file;
    editManifest(dist, 'staff/manifest.json', (m) => {
      m['staff/pages/inbox/index.tsx'] = { file: publicFile, src: 'staff/pages/inbox/index.tsx' };
    });
    expect(checkSizeBudget(dist).failures).toEqual(['staff code reachable from the public entry: staff/pages/inbox/index.tsx']);
  });

  it('measures gzip at level 9 of the file as served', () => {
    const dist = copyOfBuild();
    writeFileSync(join(dist, 'assets/zeros.js'), Buffer.alloc(100_000));
    expect(gzipSize('assets/zeros.js', dist)).toBeLessThan(200);
    expect(readFileSync(join(dist, 'assets/zeros.js')).length).toBe(100_000);
  });
});
