/**
 * Benchmark 5: the analysts' saved operations (schema/operations/analysts/, questions (a) to (e))
 * over the city data set and the national one, sequential requests through the same tuned
 * gateways, interleaved rounds. Each answer is one or a few SQL aggregates per owner, so its time
 * should follow the area asked (Kota Ambon), not the size of the country.
 */
import path from 'node:path';
import { print } from 'graphql';
import { Client } from 'pg';
import { readOperations } from '../../platform/graphql/operations';
import { OPERATIONS_DIRECTORY } from '../../tools/schema/operations';
import { BenchConfig } from '../settings';
import { PROJECT_ROOT } from '../../platform/settings';
import { interleavedLatency } from '../compare';
import { DataSet } from '../datasets';
import { BenchFederation } from '../federation';
import { fixed, table, times, Verdict } from '../report';
import { expectData, timedPost } from '../timing';

/** One paid claim per hundred cards during 2021, so question (e) sums real rows at both scales. */
async function addClaims(data: DataSet): Promise<number> {
  const client = new Client({ connectionString: data.urls.membership });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO claim (kpj, program, event_date, amount, status, filed_at, paid_at)
      SELECT kpj, CASE WHEN n % 1000 = 0 THEN 'JKM' ELSE 'JKK' END, date '2021-01-01' + (n / 100 % 300)::int,
             CASE WHEN n % 1000 = 0 THEN 42000000 ELSE 500000 + (n % 37) * 25000 END, 'PAID',
             timestamptz '2021-01-05 10:00+09' + (n / 100 % 300) * interval '1 day',
             timestamptz '2021-01-20 10:00+09' + (n / 100 % 300) * interval '1 day'
      FROM (SELECT kpj, row_number() OVER (ORDER BY kpj) AS n FROM membership_card) c
      WHERE n % 100 = 0 ON CONFLICT DO NOTHING`);
    await client.query('ANALYZE claim');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM claim');
    return rows[0].n;
  } finally {
    await client.end();
  }
}

export async function analystsSuite(
  city: BenchFederation,
  cityData: DataSet,
  national: BenchFederation,
  nationalData: DataSet,
  settings: BenchConfig,
): Promise<Verdict[]> {
  const size = settings.nationalWorkers.toLocaleString('en');
  console.log(`\n## 5. Analysts' questions (a)-(e): 25,000 workers vs ${size}`);
  const claims = [await addClaims(cityData), await addClaims(nationalData)];
  console.log(
    `claims paid in 2021: ${claims[0].toLocaleString('en')} (city), ${claims[1].toLocaleString('en')} (national)`,
  );
  const operations = readOperations(path.join(OPERATIONS_DIRECTORY, 'analysts'), PROJECT_ROOT);
  const cityUrl = city.gateways.tuned!.url;
  const nationalUrl = national.gateways.tuned!.url;
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  for (const operation of operations) {
    const body = JSON.stringify({ query: print(operation.document), operationName: operation.name });
    expectData(`${operation.name} (city)`, await timedPost(cityUrl, body));
    expectData(`${operation.name} (national)`, await timedPost(nationalUrl, body));
    const figures = await interleavedLatency(
      [
        { label: 'city', url: cityUrl, bodies: [body] },
        { label: 'national', url: nationalUrl, bodies: [body] },
      ],
      { rounds: settings.rounds, perRound: settings.quick ? 3 : 10 },
    );
    const [c, n] = [figures.get('city')!, figures.get('national')!];
    rows.push([
      `${operation.name} (${path.basename(operation.file)})`,
      fixed(c.median),
      fixed(c.p90),
      fixed(n.median),
      fixed(n.p90),
      times(n.median / c.median),
      String(c.errors + n.errors),
    ]);
    verdicts.push({
      target: `${operation.name} over ${size} workers < 1 s`,
      figure: `${fixed(n.median)} ms median (p90 ${fixed(n.p90)})`,
      met: n.p90 < 1000,
    });
  }
  console.log(
    table(
      "Analysts' operations, one client, sequential (ms)",
      ['operation', '25,000 median', '25,000 p90', `${size} median`, `${size} p90`, 'growth', 'errors'],
      rows,
    ),
  );
  return verdicts;
}
