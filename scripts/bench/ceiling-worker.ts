/**
 * The stack's ceiling for `npm run bench:load`: a bare Hono worker on the same runtime (`wrangler
 * dev`, workerd, local D1) whose routes do the least a request of the app can: POST /rows inserts
 * one row into D1 (the least a stored submission can cost), GET /rows/:id reads one (the least a
 * notice read that asks the database can cost). No validation, no middleware. What the app's routes
 * reach against them shows what the app's own work costs on top, or, for a notice answered from the
 * cache, what it saves. Its own wrangler config: ceiling.wrangler.toml; its one table (with one row
 * to read) is made by ceiling.ts.
 */
import { Hono } from 'hono';

type CeilingEnv = { Bindings: { DB: D1Database } };

const app = new Hono<CeilingEnv>()
  .get('/', (c) => c.text('ok', 200))
  .post('/rows', async (c) => {
    const { content } = await c.req.json<{ content: string }>();
    const result = await c.env.DB.prepare('INSERT INTO rows (at, body) VALUES (?, ?)').bind(Date.now(), content).run();
    return c.json({ id: result.meta.last_row_id }, 201);
  })
  .get('/rows/:id', async (c) => {
    const row = await c.env.DB.prepare('SELECT id, at, body FROM rows WHERE id = ?').bind(Number(c.req.param('id'))).first();
    return row ? c.json(row, 200) : c.json({ error: 'not found' }, 404);
  });

export default app;
