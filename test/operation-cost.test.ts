/**
 * The gateway counts the operation that will run: variables and defaults weigh as literals do,
 * and one caller's heavy operations queue behind each other while another caller goes first.
 */
import { buildSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { operationCost } from '../gateway/limits/operation-cost';
import { readRegions, REGION_BOUNDS } from '../domain/region-data';
import { CallerFairness } from '../gateway/limits/caller-fairness';
import { SteppedTime } from './support/stepped-time';

const schema = buildSchema(`
  type Query { villages(first: Int = 50, after: String): VillageConnection! village(code: ID!): Village }
  type VillageConnection { nodes: [Village!]! }
  type Village { code: ID! workers(first: Int = 100): WorkerConnection! }
  type WorkerConnection { nodes: [Worker!]! }
  type Worker { nik: String! fullName: String! membership: Card }
  type Card { kpj: ID! coverage: Coverage }
  type Coverage { programs: [String!]! validFrom: String! }
`);

const costOf = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, variables);
};

/** graphql-armor's estimate of a document with literals only, read from its refusal. */
const armorCostOf = (query: string) => {
  try {
    validate(schema, parse(query), [...specifiedRules, costLimitRule({ maxCost: 0 })]);
  } catch (refusal) {
    return Number(/found (\d+(\.\d+)?)/.exec((refusal as Error).message)![1]);
  }
  throw new Error('the estimate refused nothing');
};

describe('the cost of an operation as it will run', () => {
  const literal =
    '{ villages(first: 50) { nodes { workers(first: 2000) { nodes { nik fullName membership { coverage { programs validFrom } } } } } } }';

  it('weighs literals exactly as the validation-time estimate does', () => {
    expect(costOf(literal)).toBe(Math.round(armorCostOf(literal)));
  });

  it('weighs variables by their values, and by their defaults when left out', () => {
    const withVariables =
      'query($a: Int, $b: Int = 2000) { villages(first: $a) { nodes { workers(first: $b) { nodes { nik fullName membership { coverage { programs validFrom } } } } } } }';
    expect(costOf(withVariables, { a: 50, b: 2000 })).toBe(costOf(literal));
    expect(costOf(withVariables, { a: 50 })).toBe(costOf(literal));
    // The estimate at validation saw one row of each list.
    expect(
      armorCostOf(
        withVariables
          .replace('query($a: Int, $b: Int = 2000)', '')
          .replace('(first: $a)', '')
          .replace('(first: $b)', ''),
      ),
    ).toBeLessThan(1000);
  });

  it("weighs an argument left out by the schema's default", () => {
    const implicit = '{ villages { nodes { workers { nodes { nik } } } } }';
    expect(costOf(implicit)).toBe(
      costOf('{ villages(first: 50) { nodes { workers(first: 100) { nodes { nik } } } } }'),
    );
  });

  it('follows fragments', () => {
    const spread =
      'query($b: Int) { village(code: "x") { ...W } } fragment W on Village { workers(first: $b) { nodes { nik } } }';
    expect(costOf(spread, { b: 1000 })).toBeGreaterThan(10 * costOf(spread, { b: 10 }));
  });
});

describe('the cost of lists that are not paged', () => {
  const regions = buildSchema(`
    type Query { regency(code: ID!): Regency district(code: ID!): District villages(first: Int = 50): VillageConnection! }
    type Regency { code: ID! districts: [District!]! }
    type District { code: ID! villages: [Village!]! }
    type VillageConnection { nodes: [Village!]! }
    type Village { code: ID! name: String! workers(first: Int = 100): WorkerConnection! }
    type WorkerConnection { nodes: [Worker!]! }
    type Worker { nik: String! fullName: String! }
  `);
  const costIn = (query: string) => {
    const document = parse(query);
    return operationCost(regions, document, getOperationAST(document)!, {});
  };
  const MAX_COST = 100_000;

  it("counts a regency's villages, across its districts, as many as the largest regency has", () => {
    const nested =
      '{ regency(code: "81.71") { districts { villages { workers(first: 1000) { nodes { nik fullName } } } } } }';
    const paged = '{ villages(first: 50) { nodes { workers(first: 1000) { nodes { nik fullName } } } } }';
    expect(costIn(paged)).toBeGreaterThan(MAX_COST);
    // At least what the same workers cost through pages of the largest regency's villages.
    expect(costIn(nested)).toBeGreaterThan((costIn(paged) / 50) * REGION_BOUNDS.villagesPerRegency * 0.9);
  });

  it("counts a regency's districts and a district's villages as many as the largest has", () => {
    // An object costs 2 plus 1.5 times its fields; a list multiplies that by its bound.
    expect(costIn('{ regency(code: "81.71") { districts { code } } }')).toBe(
      Math.round(2 + 1.5 * (REGION_BOUNDS.districtsPerRegency * (2 + 1.5 * 1))),
    );
    expect(costIn('{ district(code: "81.71.02") { villages { code } } }')).toBe(
      Math.round(2 + 1.5 * (REGION_BOUNDS.villagesPerDistrict * (2 + 1.5 * 1))),
    );
  });

  it("keeps a whole regency of counts affordable, as the analysts' coverage-by-area operation reads it", () => {
    expect(costIn('{ regency(code: "81.71") { code districts { code villages { code name } } } }')).toBeLessThan(
      MAX_COST / 2,
    );
  });

  it("declares bounds no region in Kemendagri's table exceeds, and that the largest one reaches", () => {
    const { districts, villages } = readRegions();
    const largest = (codes: string[]) =>
      Math.max(
        ...[
          ...codes
            .reduce((counts, code) => counts.set(code, (counts.get(code) ?? 0) + 1), new Map<string, number>())
            .values(),
        ],
      );
    expect(largest(districts.map((d) => d.regency_code))).toBe(REGION_BOUNDS.districtsPerRegency);
    expect(largest(villages.map((v) => v.district_code))).toBe(REGION_BOUNDS.villagesPerDistrict);
    expect(largest(villages.map((v) => v.district_code.slice(0, 5)))).toBe(REGION_BOUNDS.villagesPerRegency);
  });
});

describe("each caller's share of the gateway", () => {
  const limits = { maxConcurrent: 2, maxInflightCost: 100, costPerSecond: 1_000_000, maxQueued: 2, maxWaitMs: 5_000 };

  it("queues a caller's heavy operations behind each other while another caller goes straight through", async () => {
    const fairness = new CallerFairness(limits);
    const releaseFirst = await fairness.acquire('flood', 90);
    let secondStarted = false;
    const second = fairness.acquire('flood', 90).then((release) => ((secondStarted = true), release));
    const other = await fairness.acquire('quiet', 5);
    expect(fairness.load('flood')).toEqual({ running: 1, cost: 90, queued: 1 });
    expect(fairness.load('quiet')).toEqual({ running: 1, cost: 5, queued: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondStarted).toBe(false);
    releaseFirst();
    (await second)();
    other();
    expect(secondStarted).toBe(true);
    expect(fairness.load('flood')).toEqual({ running: 0, cost: 0, queued: 0 });
  });

  it('tells a caller who queues too many, or waits too long, to slow down', async () => {
    // Waits end by a clock the test steps: a busy machine neither ends one early nor keeps it waiting.
    const time = new SteppedTime();
    const fairness = new CallerFairness({ ...limits, maxWaitMs: 50 }, time);
    const release = await fairness.acquire('flood', 100);
    const waiting = [fairness.acquire('flood', 100), fairness.acquire('flood', 100)];
    const settled = waiting.map(() => false);
    waiting.forEach((wait, i) => {
      void wait.then(
        () => (settled[i] = true),
        () => (settled[i] = true),
      );
    });
    await expect(fairness.acquire('flood', 100)).rejects.toMatchObject({
      extensions: { code: 'TOO_MANY_REQUESTS', http: { status: 429 } },
    });
    time.advance(49);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual([false, false]);
    time.advance(1);
    await expect(waiting[0]).rejects.toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    await expect(waiting[1]).rejects.toMatchObject({ extensions: { code: 'TOO_MANY_REQUESTS' } });
    release();
    expect(fairness.load('flood')).toEqual({ running: 0, cost: 0, queued: 0 });
  });
});

describe("each caller's spending rate", () => {
  it("holds a caller to their cost per second while another caller's operation runs at once", async () => {
    // The bucket refills by a clock the test steps, so the wait is measured, not raced against a busy machine.
    const time = new SteppedTime();
    const fairness = new CallerFairness(
      { maxConcurrent: 10, maxInflightCost: 1_000, costPerSecond: 1_000, maxQueued: 10, maxWaitMs: 5_000 },
      time,
    );
    const started = time.now();
    (await fairness.acquire('flood', 800))();
    let secondStarted = false;
    const second = fairness.acquire('flood', 800).then((release) => ((secondStarted = true), release));
    (await fairness.acquire('quiet', 10))();
    expect(time.now() - started).toBeLessThan(100);
    // 800 spent of a 1,000 bucket refilling at 1,000 a second: the second 800 waits 0.6 s.
    time.advance(599);
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondStarted).toBe(false);
    time.advance(1);
    (await second)();
    expect(time.now() - started).toBeGreaterThanOrEqual(550);
  });
});
