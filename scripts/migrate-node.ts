/**
 * `npm run db:migrate:node`: applies the migrations the Node host's SQLite file lacks (the
 * server does the same before it listens).
 */
import { withNodeDb } from './node-env';

await withNodeDb(async () => console.log('The database has every migration.'));
