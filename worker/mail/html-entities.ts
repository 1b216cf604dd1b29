/**
 * The named HTML entities that mail from Chinese clients uses (QQ Mail, 163, Foxmail, Outlook
 * and Word write &nbsp; and the escapes of markup, now and then typographic quotes, dashes and
 * the few symbols below; Chinese text itself is never escaped), with their characters as the
 * WHATWG list of named character references gives them.
 *
 * One table for both readings of an HTML body. html-text.ts decodes with it (spaces made plain).
 * And the Worker's bundle gives it to postal-mime in place of postal-mime's own table of all
 * 2,231 names (45 KB minified, a quarter of the mail code's gzip): wrangler.toml's [alias] maps
 * postal-mime's `./html-entities.js` here, so `htmlEntities` keeps that module's shape, keys
 * with the ampersand, each name with its semicolon and, where HTML reads it so, without and in
 * capitals. postal-mime decodes HTML only to make text of an HTML part beside a plain one; an
 * entity not listed here stays as written there (`&eacute;`), numeric ones are all decoded.
 * The Node host bundles postal-mime whole (--packages=external) and so reads every name.
 * tests/scripts/mail-entities.test.ts holds the table to the WHATWG values and reads mail
 * through the aliased parser.
 */

/** name → character, as in https://html.spec.whatwg.org/multipage/named-characters.html */
export const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003',
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018', rsquo: '\u2019',
  mdash: '\u2014', ndash: '\u2013', hellip: '\u2026', middot: '\u00b7',
  times: '\u00d7', divide: '\u00f7', yen: '\u00a5', copy: '\u00a9', reg: '\u00ae',
};

/** Names HTML also reads without the semicolon (legacy), and those it reads in capitals too. */
const WITHOUT_SEMICOLON = ['nbsp', 'amp', 'lt', 'gt', 'quot', 'middot', 'times', 'divide', 'yen', 'copy', 'reg'];
const IN_CAPITALS = ['amp', 'lt', 'gt', 'quot', 'copy', 'reg'];

/** postal-mime's shape: `&name;` (and `&name`, `&NAME;`, `&NAME` where HTML has them) → character. */
export const htmlEntities: Readonly<Record<string, string>> = /* @__PURE__ */ (() => {
  const table: Record<string, string> = {};
  for (const [name, char] of Object.entries(NAMED_ENTITIES)) {
    const spellings = IN_CAPITALS.includes(name) ? [name, name.toUpperCase()] : [name];
    for (const spelling of spellings) {
      table[`&${spelling};`] = char;
      if (WITHOUT_SEMICOLON.includes(name)) table[`&${spelling}`] = char;
    }
  }
  return table;
})();
