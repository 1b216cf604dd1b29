/**
 * Drops every table and view of a D1 database (what the migrations made, and anything a test
 * added), leaving it as empty as a new one.
 *
 * The tables go children first. SQLite empties a table row by row before dropping it while a
 * foreign key still points at it (to check each row), which after tests/staff/inbox-scale.test.ts's
 * 100,000 feedback rows took a minute; dropped after the tables that point at it, a table goes at once.
 */
export async function emptyDatabase(db: D1Database): Promise<void> {
  const { results: objects } = await db
    .prepare(`SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`)
    .all<{ name: string; type: string; sql: string | null }>();
  const views = objects.filter((o) => o.type === 'view').map((o) => o.name);
  // FTS5 tables, with their shadow tables (name_data, name_idx, …), which go with them.
  const virtual = objects.filter((o) => o.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name);
  const tables = objects.filter((o) => o.type === 'table' && !virtual.includes(o.name) && !virtual.some((v) => o.name.startsWith(`${v}_`))).map((o) => o.name);
  if (views.length + virtual.length + tables.length === 0) return;

  const parents = tables.length ? await db.batch<{ parent: string }>(tables.map((t) => db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').bind(t))) : [];
  const links = tables.flatMap((child, i) => parents[i]!.results.map((r) => ({ child, parent: r.parent })).filter((l) => l.parent !== child));
  const order: string[] = [];
  for (let left = tables; left.length > 0; ) {
    const unreferenced = left.filter((t) => !links.some((l) => l.parent === t && left.includes(l.child)));
    // A cycle of foreign keys (none today) still goes, only more slowly.
    const next = unreferenced.length > 0 ? unreferenced : left;
    order.push(...next);
    left = left.filter((t) => !next.includes(t));
  }
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  await db.batch([
    ...views.map((v) => db.prepare(`DROP VIEW ${quote(v)}`)),
    ...virtual.map((t) => db.prepare(`DROP TABLE ${quote(t)}`)),
    ...order.map((t) => db.prepare(`DROP TABLE ${quote(t)}`)),
  ]);
}
