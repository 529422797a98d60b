/**
 * The monolith baseline: the contract's WorkerCoverage answered from one database with one SQL
 * join, no federation, no DataLoaders, no entity fetches. It is the lower bound of what the
 * federated answer could cost, not a product: it serves only the fields the contract asks for.
 */
import { buildSchema, FieldNode, GraphQLResolveInfo, GraphQLSchema, valueFromASTUntyped } from 'graphql';
import { Pool } from 'pg';
import { villageKind } from '../../subgraphs/population/regions/region';
import { todayInAmbon } from '../../platform/scalars';

const SDL = /* GraphQL */ `
  scalar Date
  scalar Rupiah
  enum VillageKind {
    KELURAHAN
    DESA
  }
  enum CardStatus {
    ACTIVE
    INACTIVE
    NOT_COVERED
    CLOSED
  }
  enum Program {
    JKK
    JKM
    JHT
    JP
    JKP
  }
  type Query {
    worker(nik: String!): Worker
  }
  type Worker {
    nik: ID!
    fullName: String!
    village: Village!
    membership: MembershipCard
  }
  type Village {
    code: ID!
    name: String!
    kind: VillageKind!
    district: District!
  }
  type District {
    code: ID!
    name: String!
  }
  type MembershipCard {
    kpj: ID!
    status: CardStatus!
    coverage(asOf: Date): CoveragePeriod
  }
  type CoveragePeriod {
    programs: [Program!]!
    validFrom: Date!
    validUntil: Date!
    monthlyPremium: Rupiah!
    fundedBy: Allocation!
  }
  type Allocation {
    id: ID!
    fiscalYear: Int!
    ceiling: Rupiah!
    legalBasis: String!
    funder: Funder!
  }
  type Funder {
    name: String!
  }
`;

/**
 * One statement: worker, village, district, open card with its status today (derived by the
 * membership database's own card_status_on, as membership derives it), the period in force on
 * the day, its allocation and funder.
 */
const WORKER_COVERAGE_SQL = `
  SELECT w.nik, w.full_name, v.code AS village_code, v.name AS village_name, d.code AS district_code, d.name AS district_name,
         c.kpj, card_status_on(c.kpj, $3::date) AS status, p.programs, p.valid_from::text, p.valid_until::text, p.monthly_premium,
         a.id AS allocation_id, a.fiscal_year, a.ceiling, a.legal_basis, f.name AS funder_name
  FROM worker w
  JOIN village v ON v.code = w.village_code
  JOIN district d ON d.code = v.district_code
  LEFT JOIN LATERAL (
    SELECT kpj, status FROM membership_card WHERE nik = w.nik ORDER BY (status = 'CLOSED'), issued_on DESC LIMIT 1
  ) c ON true
  LEFT JOIN LATERAL (
    SELECT * FROM coverage_period WHERE kpj = c.kpj AND valid_from <= $2::date AND valid_until >= $2::date LIMIT 1
  ) p ON true
  LEFT JOIN allocation a ON a.id = p.allocation_id
  LEFT JOIN funder f ON f.id = a.funder_id
  WHERE w.nik = $1`;

/** The day asked for in `membership { coverage(asOf: ...) }`, read from the operation itself. */
function coverageDay(info: GraphQLResolveInfo): string {
  const child = (node: FieldNode | undefined, name: string) =>
    node?.selectionSet?.selections.find((s): s is FieldNode => s.kind === 'Field' && s.name.value === name);
  const coverage = child(child(info.fieldNodes[0], 'membership'), 'coverage');
  const asOf = coverage?.arguments?.find((a) => a.name.value === 'asOf');
  return asOf ? String(valueFromASTUntyped(asOf.value, info.variableValues)) : todayInAmbon();
}

export function monolithSchema(pool: Pool): GraphQLSchema {
  const schema = buildSchema(SDL);
  schema.getQueryType()!.getFields().worker.resolve = async (_root, args: { nik: string }, _context, info) => {
    const { rows } = await pool.query(WORKER_COVERAGE_SQL, [args.nik, coverageDay(info), todayInAmbon()]);
    const row = rows[0];
    if (!row) return null;
    const period = row.valid_from
      ? {
          programs: row.programs,
          validFrom: row.valid_from,
          validUntil: row.valid_until,
          monthlyPremium: Number(row.monthly_premium),
          fundedBy: {
            id: row.allocation_id,
            fiscalYear: row.fiscal_year,
            ceiling: Number(row.ceiling),
            legalBasis: row.legal_basis,
            funder: { name: row.funder_name },
          },
        }
      : null;
    return {
      nik: row.nik,
      fullName: row.full_name,
      village: {
        code: row.village_code,
        name: row.village_name,
        kind: villageKind(row.village_code),
        district: { code: row.district_code, name: row.district_name },
      },
      membership: row.kpj ? { kpj: row.kpj, status: row.status, coverage: () => period } : null,
    };
  };
  return schema;
}
