/**
 * Writes the read audit behind the responses, so a read does not wait for it: the rows of every
 * request within a short window (and those arriving while an INSERT is in flight) go into one
 * statement. It never drops a row: a failed write is retried, and when the backlog outgrows
 * MAX_BACKLOG reads are refused until the audit has caught up. What a crash can lose is the
 * window plus one INSERT, tens of milliseconds of reads; the stop of a subgraph drains it first.
 */
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../../../platform/errors';
import { createLogger, Logger } from '../../../platform/logger';

export interface PersonReadRow {
  nik: string;
  reader: string;
  agency: string;
  roles: string[];
  operationName: string | null;
  requestId: string;
  /** Which subgraph served the person's data (`population` for its own record). */
  subgraph: string;
  /** The marked fields another subgraph served, as `Type.field`; null for population's own record. */
  fields: string[] | null;
}

export const MAX_BACKLOG = 50_000;
/** How long the first pending row waits for company before it is written. */
export const WRITE_WINDOW_MS = 100;
const RETRY_MS = 500;

export class PersonReadWriter {
  private pending: PersonReadRow[] = [];
  private writing: Promise<void> | null = null;
  private inFlight = 0;
  /** INSERT statements sent so far, for tests and benchmarks. */
  writes = 0;

  constructor(
    private readonly db: DataSource,
    /** The subgraph's logger once it serves (see `reportTo`); until then one of the same name. */
    private logger: Logger = createLogger('population'),
  ) {}

  /** Failed writes are reported with the subgraph's other lines (format, level, file), not on stderr. */
  reportTo(logger: Logger): void {
    this.logger = logger;
  }

  /** Rows not yet in the table, the batch being written included: a failing write must not make room. */
  get backlog(): number {
    return this.pending.length + this.inFlight;
  }

  enqueue(rows: PersonReadRow[]): void {
    if (this.backlog + rows.length > MAX_BACKLOG) {
      throw new DomainError(
        ErrorCode.AUDIT_UNAVAILABLE,
        `The read audit is ${this.backlog} rows behind; reads are refused until it catches up. Try again shortly.`,
      );
    }
    this.pending.push(...rows);
    if (!this.writing)
      this.writing = new Promise((resolve) => setTimeout(resolve, WRITE_WINDOW_MS)).then(() => this.writeAll());
  }

  /** Resolves when everything enqueued so far is in the table. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      this.inFlight = batch.length;
      try {
        await this.insert(batch);
        this.inFlight = 0;
      } catch (error) {
        this.inFlight = 0;
        this.logger.error(
          { err: error, rows: batch.length },
          `the read audit could not be written; retrying ${batch.length} rows in ${RETRY_MS} ms`,
        );
        this.pending = [...batch, ...this.pending];
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        if (!this.db.isInitialized) break;
      }
    }
    this.writing = null;
  }

  private async insert(rows: PersonReadRow[]): Promise<void> {
    this.writes++;
    await this.db.query(
      `INSERT INTO person_read_audit (nik, reader, agency, roles, operation_name, request_id, subgraph, fields)
       SELECT nik, reader, agency, string_to_array(roles, ' '), operation_name, request_id, subgraph, string_to_array(nullif(fields, ''), ' ')
       FROM unnest($1::char(16)[], $2::varchar[], $3::varchar[], $4::text[], $5::varchar[], $6::varchar[], $7::varchar[], $8::text[])
         AS r(nik, reader, agency, roles, operation_name, request_id, subgraph, fields)
       ON CONFLICT (request_id, nik, subgraph) DO NOTHING`,
      [
        rows.map((r) => r.nik),
        rows.map((r) => r.reader),
        rows.map((r) => r.agency),
        rows.map((r) => r.roles.join(' ')),
        rows.map((r) => r.operationName),
        rows.map((r) => r.requestId),
        rows.map((r) => r.subgraph),
        rows.map((r) => (r.fields ? r.fields.join(' ') : '')),
      ],
    );
  }
}

const writers = new WeakMap<DataSource, PersonReadWriter>();

/** One writer per database, shared by every request the subgraph serves. */
export function personReadWriter(db: DataSource): PersonReadWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new PersonReadWriter(db)));
  return writer;
}
