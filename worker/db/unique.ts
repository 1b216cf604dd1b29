/**
 * Recognising a unique constraint that refused a write (D1 and libSQL put the
 * SQLite message in the error or its cause), for writes that race by design.
 */
export function isUniqueViolation(err: unknown, column: string): boolean {
  const text = String((err as { cause?: unknown })?.cause ?? '') + String(err);
  return text.includes('UNIQUE constraint failed') && text.includes(column);
}
