/**
 * Collects the persons one request reads and writes them in one statement before the response
 * leaves (durable, and one INSERT per request whatever the number of persons).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '../../shared/caller';

export class PersonReadRecorder {
  private readonly niks = new Set<string>();

  constructor(
    private readonly db: DataSource,
    private readonly caller: Caller,
  ) {}

  record(nik: string): void {
    this.niks.add(nik);
  }

  get pending(): number {
    return this.niks.size;
  }

  async flush(): Promise<void> {
    if (this.niks.size === 0) return;
    const niks = [...this.niks];
    this.niks.clear();
    const { subject, agency, roles, operationName, requestId } = this.caller.claims;
    await this.db.query(
      `INSERT INTO person_read_audit (nik, reader, agency, roles, operation_name, request_id)
       SELECT unnest($1::char(16)[]), $2, $3, $4::text[], $5, $6
       ON CONFLICT (request_id, nik) DO NOTHING`,
      [niks, subject, agency, roles, operationName, requestId || randomUUID()],
    );
  }
}
