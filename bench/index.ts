/**
 * `npm run bench`: builds the city and national data sets in fresh PostgreSQL databases, runs
 * every benchmark side by side (interleaved rounds, medians, ratios) and prints the tables and
 * the verdict on each performance target. BENCH_QUICK=1 for a smoke run.
 */
import 'reflect-metadata';
import { BenchSuite, resolveBenchSettings } from './settings';
import { cityDataSet, DataSet, embeddedDataSet, nationalDataSet } from './datasets';
import { BenchFederation, PEERS, startBenchFederation } from './federation';
import { signIn } from './client';
import { LoadGenerator } from './load';
import { Verdict, verdicts } from './report';
import { headlineSuite } from './suites/headline';
import { rosterSuite } from './suites/roster';
import { scaleSuite } from './suites/scale';
import { writesSuite } from './suites/writes';
import { embeddedSuite } from './suites/embedded';
import { analystsSuite } from './suites/analysts';
import { executorSuite } from './suites/executor';

async function main() {
  // The writes suite runs its federation in this process: its request lines would bury the tables.
  process.env.LOG_LEVEL ??= 'warn';
  const settings = resolveBenchSettings(process.env);
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  console.log(`# Benchmarks${settings.quick ? ' (quick mode: figures are indicative only)' : ''}`);
  console.log(
    `${settings.seconds} s per measurement, ${settings.rounds} interleaved round(s), national data set of ${settings.nationalWorkers.toLocaleString('en')} workers, suites: ${settings.suites.join(', ')}`,
  );
  const dataSets: DataSet[] = [];
  const federations: BenchFederation[] = [];
  const load = new LoadGenerator();
  await signIn();
  const results: Verdict[] = [];
  try {
    console.log('\nSeeding the city data set (Ambon, 25,000 workers) and the monolith copy...');
    const city = await cityDataSet();
    dataSets.push(city);
    const cityFederation = await startBenchFederation(city, ['default', 'keep-alive', 'tuned'], PEERS);
    federations.push(cityFederation);
    console.log(`ready (${elapsed()})`);

    const runs = (suite: BenchSuite) => settings.suites.includes(suite);
    if (runs('headline')) {
      results.push(...(await headlineSuite(cityFederation, city, load, settings)));
      console.log(`\n(${elapsed()})`);
    }
    if (runs('roster')) {
      results.push(...(await rosterSuite(cityFederation, settings)));
      console.log(`\n(${elapsed()})`);
    }

    if (runs('scale') || runs('analysts')) {
      console.log(
        `\nLoading the national data set (${settings.nationalWorkers.toLocaleString('en')} workers over all of Indonesia)...`,
      );
      const loadStarted = Date.now();
      const national = await nationalDataSet(settings.nationalWorkers);
      dataSets.push(national);
      const loadSeconds = (Date.now() - loadStarted) / 1000;
      const nationalFederation = await startBenchFederation(national, ['tuned']);
      federations.push(nationalFederation);
      if (runs('scale'))
        results.push(
          ...(await scaleSuite(cityFederation, city, nationalFederation, national, load, settings, loadSeconds)),
        );
      if (runs('analysts'))
        results.push(...(await analystsSuite(cityFederation, city, nationalFederation, national, settings)));
      console.log(`\n(${elapsed()})`);
    }

    if (runs('embedded')) {
      console.log('\nStarting the federation on embedded databases (seeded on first start, as `npm start` does)...');
      const embedded = embeddedDataSet();
      dataSets.push(embedded);
      const embeddedFederation = await startBenchFederation(embedded, ['tuned']);
      federations.push(embeddedFederation);
      results.push(...(await embeddedSuite(cityFederation, embeddedFederation, load, settings)));
      console.log(`\n(${elapsed()})`);
    }

    if (runs('executor')) {
      console.log('\nStarting the same federation with its subgraphs on graphql-jit...');
      const jitFederation = await startBenchFederation(city, ['tuned'], [], { executor: 'jit', label: 'city (jit)' });
      federations.push(jitFederation);
      const graphqlJsFederation = await startBenchFederation(city, ['tuned'], [], {
        executor: 'graphql-js',
        label: 'city (graphql-js)',
      });
      federations.push(graphqlJsFederation);
      results.push(...(await executorSuite(graphqlJsFederation, jitFederation, city, load, settings)));
      console.log(`\n(${elapsed()})`);
    }

    if (runs('writes')) await writesSuite();
    console.log(verdicts(results));
    console.log(`\nTotal time ${elapsed()}.`);
  } finally {
    load.stop();
    await Promise.all(federations.map((f) => f.stop()));
    await Promise.all(dataSets.map((d) => d.databases.drop()));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
