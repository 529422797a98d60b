/**
 * Collects the persons one request reads (each once per serving subgraph) and hands them to the
 * database's audit writer when the response is ready.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Caller } from '../../../contract/caller';
import { personReadWriter } from './person-read-writer';

const OWN_RECORD = 'population';

export class PersonReadRecorder {
  /** `subgraph|nik` -> the marked fields read there (none for population's own record). */
  private readonly reads = new Map<string, { nik: string; subgraph: string; fields: Set<string> }>();

  constructor(
    private readonly db: DataSource,
    private readonly caller: Caller,
  ) {}

  /** A read of the person's record here, in population. */
  record(nik: string): void {
    this.recordServed(nik, OWN_RECORD, []);
  }

  /** A read of fields marked personal data that another subgraph served about the person. */
  recordServed(nik: string, subgraph: string, fields: string[]): void {
    const key = `${subgraph}|${nik}`;
    let read = this.reads.get(key);
    if (!read) this.reads.set(key, (read = { nik, subgraph, fields: new Set() }));
    for (const field of fields) read.fields.add(field);
  }

  /** Throws, failing the response, when the audit cannot take the rows. */
  flush(): void {
    if (this.reads.size === 0) return;
    const { subject, agency, roles, operationName, requestId } = this.caller.claims;
    const request = requestId || randomUUID();
    personReadWriter(this.db).enqueue(
      [...this.reads.values()].map(({ nik, subgraph, fields }) => ({
        nik,
        reader: subject,
        agency,
        roles,
        operationName,
        requestId: request,
        subgraph,
        fields: subgraph === OWN_RECORD ? null : [...fields].sort(),
      })),
    );
    this.reads.clear();
  }
}
