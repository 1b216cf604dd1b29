/**
 * The stack's ceiling for `npm run bench:load`: a bare Hono worker on the same
 * runtime (`wrangler dev`, workerd, local D1) whose one POST route inserts one row
 * into D1, the least a stored submission can cost. What the app's submissions
 * reach against it shows what the app's own work (proof, limits, idempotency,
 * timeline) costs on top. Its own wrangler config: ceiling.wrangler.toml; its one
 * table is made by ceiling.ts.
 */
import { Hono } from 'hono';

type CeilingEnv = { Bindings: { DB: D1Database } };

const app = new Hono<CeilingEnv>()
  .get('/', (c) => c.text('ok', 200))
  .post('/rows', async (c) => {
    const { content } = await c.req.json<{ content: string }>();
    const result = await c.env.DB.prepare('INSERT INTO rows (at, body) VALUES (?, ?)').bind(Date.now(), content).run();
    return c.json({ id: result.meta.last_row_id }, 201);
  });

export default app;
