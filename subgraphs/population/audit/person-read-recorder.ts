/**
 * Collects the persons one request reads (each once) and hands them to the database's audit
 * writer when the response is ready.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '../../shared/caller';
import { personReadWriter } from './person-read-writer';

export class PersonReadRecorder {
  private readonly niks = new Set<string>();

  constructor(
    private readonly db: DataSource,
    private readonly caller: Caller,
  ) {}

  record(nik: string): void {
    this.niks.add(nik);
  }

  /** Throws, failing the response, when the audit cannot take the rows. */
  flush(): void {
    if (this.niks.size === 0) return;
    const { subject, agency, roles, operationName, requestId } = this.caller.claims;
    const request = requestId || randomUUID();
    personReadWriter(this.db).enqueue([...this.niks].map((nik) => ({ nik, reader: subject, agency, roles, operationName, requestId: request })));
    this.niks.clear();
  }
}
