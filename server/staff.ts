/**
 * The staff CLI on a production Node host, where only dist/ and the runtime dependencies are
 * installed: `node dist/server/staff.js add --email E --role admin --node` (the same CLI as
 * `npm run staff`, scripts/staff.ts, bundled).
 */
import '../scripts/staff';
