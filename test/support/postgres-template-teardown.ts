/** jest globalTeardown of the `e2e postgres` project: drops the run's seeded templates (see postgres-template.ts). */
import { admin, TEMPLATES_VARIABLE } from './databases';

export default async function dropPostgresTemplate(): Promise<void> {
  const templates = process.env[TEMPLATES_VARIABLE];
  if (!templates) return;
  await admin(async (client) => {
    for (const database of Object.values(JSON.parse(templates) as Record<string, string>))
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });
  delete process.env[TEMPLATES_VARIABLE];
}
