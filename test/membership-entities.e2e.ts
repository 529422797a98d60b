/**
 * Membership's entities map every column of their tables: a column the entity does not know is
 * written by a second, hand-written statement (as `added_by` on heirs once was), or read by
 * nobody. Checked against the migrated database of the tier the run uses.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { membership } from '../subgraphs/membership/definition';
import { Database, openDatabase } from '../platform/database';
import { FEDERATION_DATABASE } from './support/federation';
import { createTestDatabases, TestDatabases } from './support/databases';

describe("membership's entities and its tables", () => {
  let database: Database;
  let databases: TestDatabases | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'membership-entities-'));
    if (FEDERATION_DATABASE === 'postgres') databases = await createTestDatabases(['membership']);
    database = await openDatabase({
      name: 'membership',
      url: databases?.urls.membership,
      dataDir,
      poolSize: 1,
      entities: membership.entities,
      migrations: membership.migrations,
      quiet: true,
    });
  });
  afterAll(async () => {
    await database?.close();
    await databases?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('maps every column of each table an entity owns', async () => {
    const unmapped: string[] = [];
    for (const entity of database.dataSource.entityMetadatas) {
      const columns: { column_name: string }[] = await database.dataSource.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [entity.tableName],
      );
      expect(columns.length).toBeGreaterThan(0);
      const mapped = new Set(entity.columns.map((c) => c.databaseName));
      for (const { column_name } of columns)
        if (!mapped.has(column_name)) unmapped.push(`${entity.tableName}.${column_name}`);
    }
    expect(unmapped).toEqual([]);
  });
});
