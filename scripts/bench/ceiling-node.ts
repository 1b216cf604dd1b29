/**
 * The stack's ceiling on the Node host, for `npm run bench:load -- --target node`: a bare Hono app
 * served as the Node host serves the app (@hono/node-server), over a SQLite file opened as the
 * Node host opens its own (libSQL, write-ahead log, every commit synced: server/db.ts). POST /rows
 * inserts one row, GET /rows/:id reads one; no validation, no middleware (ceiling-worker.ts is its
 * twin on workerd). `node --import tsx scripts/bench/ceiling-node.ts FILE` says `Serving on …`.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { Hono } from 'hono';

const file = process.argv[2];
if (!file) throw new Error('usage: ceiling-node.ts FILE');
const client = createClient({ url: `file:${file}` });
await client.execute('PRAGMA journal_mode = WAL');
await client.execute('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL)');
await client.execute("INSERT OR IGNORE INTO rows (id, at, body) VALUES (1, 0, '社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，希望有关部门尽快处理。')");

const app = new Hono()
  .get('/', (c) => c.text('ok', 200))
  .post('/rows', async (c) => {
    const { content } = await c.req.json<{ content: string }>();
    const result = await client.execute({ sql: 'INSERT INTO rows (at, body) VALUES (?, ?)', args: [Date.now(), content] });
    return c.json({ id: Number(result.lastInsertRowid) }, 201);
  })
  .get('/rows/:id', async (c) => {
    const { rows } = await client.execute({ sql: 'SELECT id, at, body FROM rows WHERE id = ?', args: [Number(c.req.param('id'))] });
    return rows[0] ? c.json(rows[0], 200) : c.json({ error: 'not found' }, 404);
  });

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`Serving on http://127.0.0.1:${info.port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
