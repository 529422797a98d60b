/**
 * The query plans PostgreSQL picks for the hot statements at national scale: each must use an
 * index, never a sequential scan of a big table. The SQL mirrors what the loaders send.
 */
import { Client } from 'pg';
import { SubgraphName } from '../../contract/subgraph-names';
import { storyWorkers } from '../../domain/seed-story';
import { DataSet } from '../datasets';
import { table } from '../report';
import { largestVillage } from './roster';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode): string[] {
  const own = node['Relation Name']
    ? [`${node['Node Type']} on ${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

export async function explainChecks(data: DataSet): Promise<string> {
  const worker = storyWorkers()[42];
  const village = largestVillage();
  const statements: { subgraph: SubgraphName; what: string; sql: string; params: unknown[] }[] = [
    {
      subgraph: 'population',
      what: 'worker with village and district by NIK',
      sql: `SELECT w.nik, w.full_name, v.name, d.name FROM worker w JOIN village v ON v.code = w.village_code
            JOIN district d ON d.code = v.district_code WHERE w.nik = ANY($1::char(16)[])`,
      params: [[worker.nik]],
    },
    {
      subgraph: 'population',
      what: 'village roster page',
      sql: `SELECT nik, full_name FROM (SELECT w.*, row_number() OVER (PARTITION BY village_code ORDER BY nik) AS rank FROM worker w
            WHERE village_code = ANY($1) AND ($2::char(16) IS NULL OR nik > $2)) ranked WHERE rank <= $3`,
      params: [[village.code], null, 1001],
    },
    {
      subgraph: 'membership',
      what: 'card of a worker',
      sql: `SELECT DISTINCT ON (nik) kpj, nik, status FROM membership_card WHERE nik = ANY($1::char(16)[]) ORDER BY nik, (status = 'CLOSED'), issued_on DESC`,
      params: [[worker.nik]],
    },
    {
      subgraph: 'membership',
      what: 'coverage in force',
      sql: 'SELECT id, kpj, allocation_id FROM coverage_period WHERE kpj = ANY($1::char(11)[]) AND valid_from <= $2 AND valid_until >= $2',
      params: [[worker.kpj], '2021-06-30'],
    },
    {
      subgraph: 'membership',
      what: 'district coverage aggregate',
      sql: `SELECT left(village_code, 8) AS area, count(DISTINCT kpj), sum(monthly_premium) FROM coverage_period
            WHERE left(village_code, 8) = ANY($1) AND valid_from <= $2 AND valid_until >= $2 GROUP BY 1`,
      params: [['81.71.01', '81.71.02', '81.71.03', '81.71.04', '81.71.05'], '2021-06-30'],
    },
    {
      subgraph: 'budget',
      what: 'allocation with funder by id',
      sql: 'SELECT a.id, f.name FROM allocation a JOIN funder f ON f.id = a.funder_id WHERE a.id = ANY($1)',
      params: [['81.71-2021-01']],
    },
  ];
  const rows: string[][] = [];
  for (const statement of statements) {
    const client = new Client({ connectionString: data.urls[statement.subgraph] });
    await client.connect();
    try {
      const { rows: plan } = await client.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params);
      const found = scans(plan[0]['QUERY PLAN'][0].Plan);
      const sequential = found.filter((s) => s.startsWith('Seq Scan'));
      rows.push([
        statement.subgraph,
        statement.what,
        found.join('; '),
        sequential.length ? 'SEQUENTIAL SCAN' : 'indexed',
      ]);
    } finally {
      await client.end();
    }
  }
  return table(`Query plans at national scale (EXPLAIN)`, ['subgraph', 'statement', 'plan', 'verdict'], rows);
}
