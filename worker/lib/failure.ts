/**
 * What a log may say of a failure. Logs leave the office's hands (Cloudflare's Workers Logs, a
 * host's journal), so they never hold what a person sent: a failed query's parameters (drizzle's
 * DrizzleQueryError writes them into its message: a sign-in's e-mail address, a search's words,
 * a mail's recipients), nor the input a JSON parser quotes in its SyntaxError, nor the values a
 * database's own message quotes. Everything else keeps its name and message, which is what a
 * failure is found by.
 */

/** The longest part of a message a log keeps. */
const MAX_CHARS = 300;

function isQueryError(err: Error): err is Error & { query: string; params: unknown } {
  return 'query' in err && 'params' in err && typeof (err as { query: unknown }).query === 'string';
}

/** One line for the log: the failure's kind and its reason, never the values it was given. */
export function failureText(err: unknown): string {
  if (!(err instanceof Error)) return 'non-error thrown';
  // The statement's text is the app's own (values are bound apart from it); its cause is the database's reason.
  if (isQueryError(err)) return `failed query ${err.query.slice(0, MAX_CHARS)} (${err.cause === undefined ? 'no cause' : failureText(err.cause)})`;
  // V8's JSON.parse quotes the text it could not read.
  if (err.name === 'SyntaxError') return 'SyntaxError';
  return `${err.name}: ${unquoted(err.message).slice(0, MAX_CHARS)}`;
}

/**
 * A message with what it quotes left out: SQLite quotes a value it could not use (`bad JSON path:
 * '13800138000'`, a full-text query's `syntax error near "张三"`), and D1 and libSQL pass its
 * message on as theirs. What is quoted is a value; the words around it say what failed.
 */
function unquoted(message: string): string {
  return message.replace(/'[^']*'/g, "'…'").replace(/"[^"]*"/g, '"…"');
}

/** An error carrying only failureText: what a platform that logs thrown errors by itself may see. */
export function loggableFailure(err: unknown): Error {
  return new Error(failureText(err));
}
