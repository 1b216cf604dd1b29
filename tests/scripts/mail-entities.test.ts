/**
 * The Worker reads mail with postal-mime but with a table of the HTML entities Chinese mail
 * uses (worker/mail/html-entities.ts) in place of postal-mime's table of all of them, through
 * wrangler.toml's [alias]. Here the table is held to the WHATWG values (postal-mime's own table),
 * and mail is read by worker/mail/parse.ts bundled with that alias as wrangler applies it.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// postal-mime's exports give no path to its table: read by file, to compare with.
import { htmlEntities as whatwg } from '../../node_modules/postal-mime/dist/esm/html-entities.js';
import { htmlEntities, NAMED_ENTITIES } from '../../worker/mail/html-entities';
import { parseMail as parseWithEveryEntity, type ParsedMail } from '../../worker/mail/parse';

const wranglerToml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');

/** wrangler.toml's [alias], "from" = "to" lines up to the next table. */
function aliases(): Record<string, string> {
  const table = wranglerToml.split(/^\[alias\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  return Object.fromEntries([...table.matchAll(/^"([^"]+)"\s*=\s*"([^"]+)"/gm)].map((m) => [m[1]!, m[2]!]));
}

/** As wrangler's alias plugin: an import path equal to a key resolves to its value, from the project's root. */
const wranglerAlias = (map: Record<string, string>): Plugin => ({
  name: 'wrangler-alias',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (map[args.path] ? { path: join(process.cwd(), map[args.path]!) } : undefined));
  },
});

let dir: string;
let parseAsDeployed: (raw: Uint8Array) => Promise<ParsedMail | null>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rw-mail-entities-'));
  const out = join(dir, 'parse.mjs');
  const result = await build({
    entryPoints: ['worker/mail/parse.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    metafile: true,
    plugins: [wranglerAlias(aliases())],
  });
  expect(Object.keys(result.metafile.inputs).filter((p) => p.includes('html-entities'))).toEqual(['worker/mail/html-entities.ts']);
  writeFileSync(out, result.outputFiles[0]!.contents);
  ({ parseMail: parseAsDeployed } = (await import(pathToFileURL(out).href)) as { parseMail: typeof parseAsDeployed });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A mail of a plain part and an HTML part side by side (not alternatives): postal-mime makes text of the HTML. */
function mixedMail(html: string): Uint8Array {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return new TextEncoder().encode(
    [
      'From: wang.wu@163.com',
      'To: lh_dxb@szlh.gov.cn',
      'Subject: =?UTF-8?B?' + b64('关于二(三)2') + '?=',
      'Message-ID: <mixed-entities@163.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64('第一段，纯文本。'),
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      b64(html),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

describe("the Worker's table of HTML entities", () => {
  it('gives each entity the character the WHATWG list gives it, with and without semicolon and in capitals where HTML has them', () => {
    const table = whatwg as Record<string, string>;
    for (const [key, char] of Object.entries(htmlEntities)) expect([key, char]).toEqual([key, table[key]]);
    for (const name of Object.keys(NAMED_ENTITIES)) {
      for (const key of [`&${name}`, `&${name.toUpperCase()};`, `&${name.toUpperCase()}`]) {
        expect([key, htmlEntities[key]]).toEqual([key, table[key]]);
      }
    }
  });

  it('is what wrangler bundles for postal-mime, which imports its table by the path the alias names', () => {
    expect(aliases()).toEqual({ './html-entities.js': './worker/mail/html-entities.ts' });
    expect(readFileSync('node_modules/postal-mime/dist/esm/text-format.js', 'utf8')).toMatch(/^import \{ htmlEntities \} from '\.\/html-entities\.js';$/m);
  });
});

describe('mail read as the Worker reads it', () => {
  it('reads a mixed mail whose HTML holds the entities Chinese clients write exactly as with every entity', async () => {
    const html = '<p>第二段&nbsp;&ldquo;整改&rdquo;&hellip;&mdash;&lt;未&gt;&amp;&quot;&#x4E2D;&#25991;&copy;&yen;5&times;2&middot;</p><p>第三段&AMP;&lt</p>';
    const deployed = await parseAsDeployed(mixedMail(html));
    expect(deployed).toEqual(await parseWithEveryEntity(mixedMail(html)));
    expect(deployed?.text).toBe('第一段，纯文本。\n\n第二段\u00a0“整改”…—<未>&"中文©¥5×2·\n\n第三段&<');
  });

  it('keeps a name outside the table as written, where the whole table would decode it', async () => {
    const mail = mixedMail('<p>caf&eacute; &#233;</p>');
    expect((await parseAsDeployed(mail))?.text).toBe('第一段，纯文本。\n\ncaf&eacute; é');
    expect((await parseWithEveryEntity(mail))?.text).toBe('第一段，纯文本。\n\ncafé é');
  });

  it('reads an HTML-only mail from its HTML, the same either way', async () => {
    const raw = new Uint8Array(readFileSync('tests/fixtures/mail/gb2312-html.eml'));
    const deployed = await parseAsDeployed(raw);
    expect(deployed?.text).toBe('尊敬的领导：\n\n街道的 信访公示栏<已经>三个月没有更新&无人管理。\n\n第一行\n第二行\n链接');
    expect(deployed).toEqual(await parseWithEveryEntity(raw));
  });
});
