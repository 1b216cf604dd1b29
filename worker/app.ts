/**
 * Composes the application: middleware, the API's sub-apps, and the error shape.
 */
import { Hono } from 'hono';
import { database } from './db/client';
import type { AppEnv } from './env';
import { errorBody, notFound, onError } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { errorMessages } from './messages';
import { feedbackRoute } from './routes/feedback';
import { noticesRoute } from './routes/notices';
import { staffRoute } from './routes/staff';
import { notFoundPage, pagesRoute } from './routes/pages';
import { trackPageRoute } from './routes/track-page';
import { feedbackFormRoute } from './routes/feedback-form';

const api = new Hono<AppEnv>()
  .route('/notices', noticesRoute)
  .route('/feedback', feedbackRoute)
  .route('/staff', staffRoute);

export const app = new Hono<AppEnv>()
  // Every response, static assets and errors included (http/security-headers.ts).
  .use(securityHeaders())
  // One drizzle client per request, for the API and the rendered pages alike.
  .use(database())
  .route('/api', api)
  .route('/', pagesRoute)
  .route('/', trackPageRoute)
  .route('/', feedbackFormRoute);

app.notFound(notFound);
app.onError(onError);

// Anything else is a static asset (the built web app), when the assets binding exists.
app.get('*', async (c) => {
  if (c.env.ASSETS && !c.req.path.startsWith('/api/')) {
    // Asset responses are immutable; copy so the security headers can be added.
    const res = await c.env.ASSETS.fetch(c.req.raw);
    if (res.status === 404 && (c.req.header('accept') ?? '').includes('text/html')) return notFoundPage(c);
    return new Response(res.body, res);
  }
  return c.json(errorBody('not_found', errorMessages.notFound), 404);
});

export type AppType = typeof app;
