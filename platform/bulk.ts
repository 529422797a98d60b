/**
 * Bulk loading for seeds and benchmarks: one INSERT ... SELECT FROM unnest(...) statement per
 * chunk of rows (column arrays as parameters), which works the same on PostgreSQL and PGlite
 * and loads tens of thousands of rows a second. Existing rows are kept (ON CONFLICT DO NOTHING),
 * so running a seed twice changes nothing.
 */
import { DataSource, EntityManager } from 'typeorm';

export interface BulkColumn<Row> {
  name: string;
  /** The PostgreSQL array type of the parameter, e.g. 'text[]', 'date[]', 'bigint[]'. */
  type: string;
  value: (row: Row) => unknown;
  /** A cast applied per row, e.g. 'text[]' for an array column passed as array literals ('{JKK,JKM}'). */
  cast?: string;
}

export async function bulkInsert<Row>(
  db: DataSource | EntityManager,
  table: string,
  columns: BulkColumn<Row>[],
  rows: Row[],
  options: { chunkSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? 10_000;
  const names = columns.map((c) => c.name).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ');
  const select = columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  let inserted = 0;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const result = await db.query(
      `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${unnest}) AS t(${aliases}) ON CONFLICT DO NOTHING`,
      columns.map((c) => chunk.map(c.value)),
    );
    inserted += Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
    options.onProgress?.(Math.min(start + chunkSize, rows.length), rows.length);
  }
  return inserted;
}

export const progressLogger = (log: (message: string) => void, label: string) => (done: number, total: number) =>
  log(`${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
