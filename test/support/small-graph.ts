/**
 * Kota Ambon in miniature, for gateway features: three small subgraphs named and shaped like the
 * real ones (the gateway's cache hints, cost bounds and personal-data marks are keyed by the real
 * `Type.field` names), with the same access directives, over a handful of rows held in memory.
 * Each subgraph counts what it was asked, so a test can say what the gateway sent.
 */
import { GraphQLError } from 'graphql';
import type { InlineSubgraph } from './gateway-tester';

const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@tag", "@authenticated", "@requiresScopes"])`;

export interface SmallWorker {
  nik: string;
  fullName: string;
  villageCode: string;
  kpj: string;
}

export const REGENCY = { code: '81.71', name: 'Kota Ambon', province: { code: '81', name: 'Maluku' } };
export const DISTRICTS = [
  { code: '81.71.01', name: 'Nusaniwe' },
  { code: '81.71.02', name: 'Sirimau' },
];
export const VILLAGES = [
  { code: '81.71.01.1001', name: 'Benteng', kind: 'KELURAHAN' },
  { code: '81.71.01.2001', name: 'Latuhalat', kind: 'DESA' },
  { code: '81.71.02.1011', name: 'Rijali', kind: 'KELURAHAN' },
];
export const WORKERS: SmallWorker[] = [
  { nik: '8171014506880001', fullName: 'Maria Latuconsina', villageCode: '81.71.01.1001', kpj: '21000000001' },
  { nik: '8171010101900002', fullName: 'Yohanis Pattiasina', villageCode: '81.71.01.2001', kpj: '21000000002' },
  { nik: '8171025203850003', fullName: 'Siti Tuasikal', villageCode: '81.71.02.1011', kpj: '21000000003' },
  // Rijali's roster: several cards funded by the one allocation, as a real village's are.
  ...[4, 5, 6, 7].map((serial) => ({
    nik: `817102010${serial}8000${serial + 10}`.slice(0, 16),
    fullName: `Pekerja Rijali ${serial}`,
    villageCode: '81.71.02.1011',
    kpj: `2100000000${serial}`,
  })),
];
export const ALLOCATION = {
  id: '81.71-2021-01',
  fiscalYear: 2021,
  ceiling: 3 * 16_800 * 12,
  legalBasis: 'Perwali Ambon 34A/2020',
  programs: ['JKK', 'JKM'],
  funder: { id: 'pemkot-ambon', name: 'Pemerintah Kota Ambon' },
};

const district = (code: string) => DISTRICTS.find((d) => d.code === code)!;
const village = (code: string) => VILLAGES.find((v) => v.code === code);
const worker = (nik: string) => WORKERS.find((w) => w.nik === nik);
const card = (kpj: string) => WORKERS.find((w) => w.kpj === kpj);

/** Rejects a malformed NIK the way population does, so refusals and error counts have a real code to carry. */
function checkedNik(nik: string): string {
  if (!/^\d{16}$/.test(nik)) throw new GraphQLError('A NIK has 16 digits.', { extensions: { code: 'BAD_USER_INPUT' } });
  return nik;
}

export interface SmallGraph {
  subgraphs: InlineSubgraph[];
  /** Mutations each subgraph ran, by name, e.g. `correctWorker`. */
  ran: string[];
  /** Entity representations each type's owner was asked to resolve, by type: what the gateway sent. */
  representations: Record<string, number>;
}

export function smallGraph(): SmallGraph {
  const ran: string[] = [];
  const representations: Record<string, number> = {};
  const counted = <T>(type: string, resolve: () => T): T => {
    representations[type] = (representations[type] ?? 0) + 1;
    return resolve();
  };
  const regency = () => ({ id: 'regency-81.71', ...REGENCY });
  const districtObject = (d: { code: string; name: string }) => ({ id: `district-${d.code}`, ...d });
  const villageObject = (v: { code: string; name: string; kind: string }) => ({ id: `village-${v.code}`, ...v });
  const workerObject = (w: SmallWorker) => ({
    id: `worker-${w.kpj}`,
    nik: w.nik,
    fullName: w.fullName,
    occupation: 'petani',
    villageCode: w.villageCode,
  });

  const population: InlineSubgraph = {
    name: 'population',
    typeDefs: `${FEDERATION}
      type Query {
        regency(code: ID!): Regency @authenticated
        district(code: ID!): District @authenticated
        village(code: ID!): Village @authenticated
        villages(regencyCode: ID, first: Int = 20): VillageConnection! @authenticated
        worker(nik: String!): Worker @requiresScopes(scopes: [["workers:read"]])
      }
      type Mutation {
        correctWorker(nik: String!, occupation: String!): Worker @requiresScopes(scopes: [["workers:write"]])
      }
      type Province { id: ID! code: ID! name: String! }
      type Regency { id: ID! code: ID! name: String! province: Province! districts: [District!]! }
      type District { id: ID! code: ID! name: String! regency: Regency! villages: [Village!]! }
      type Village @key(fields: "code") {
        id: ID!
        code: ID!
        name: String!
        kind: String!
        district: District!
        workerCount: Int @requiresScopes(scopes: [["aggregates:read"]])
        workers(first: Int = 20): WorkerConnection @requiresScopes(scopes: [["workers:read"]])
      }
      type VillageConnection { nodes: [Village!]! }
      type WorkerConnection { nodes: [Worker!]! }
      type Worker @key(fields: "nik") {
        id: ID!
        nik: String! @requiresScopes(scopes: [["workers:read"], ["coverage-status:read"]]) @tag(name: "personal-data/nik")
        fullName: String! @requiresScopes(scopes: [["workers:read"]]) @tag(name: "personal-data/name")
        occupation: String @requiresScopes(scopes: [["workers:read"]])
        village: Village @requiresScopes(scopes: [["workers:read"]])
      }
    `,
    resolvers: {
      Query: {
        regency: (_: unknown, { code }: { code: string }) => (code === REGENCY.code ? regency() : null),
        district: (_: unknown, { code }: { code: string }) =>
          DISTRICTS.some((d) => d.code === code) ? districtObject(district(code)) : null,
        village: (_: unknown, { code }: { code: string }) => {
          const found = village(code);
          return found ? villageObject(found) : null;
        },
        villages: (_: unknown, { first }: { first: number }) => ({
          nodes: VILLAGES.slice(0, first).map(villageObject),
        }),
        worker: (_: unknown, { nik }: { nik: string }) => {
          const found = worker(checkedNik(nik));
          return found ? workerObject(found) : null;
        },
      },
      Mutation: {
        correctWorker: (_: unknown, { nik }: { nik: string }) => {
          ran.push('correctWorker');
          const found = worker(checkedNik(nik));
          return found ? workerObject(found) : null;
        },
      },
      Regency: {
        province: () => ({ id: 'province-81', ...REGENCY.province }),
        districts: () => DISTRICTS.map(districtObject),
      },
      District: {
        regency,
        villages: (parent: { code: string }) =>
          VILLAGES.filter((v) => v.code.startsWith(`${parent.code}.`)).map(villageObject),
      },
      Village: {
        __resolveReference: (reference: { code: string }) => {
          const found = village(reference.code);
          return found ? villageObject(found) : null;
        },
        district: (parent: { code: string }) => districtObject(district(parent.code.slice(0, 8))),
        workerCount: (parent: { code: string }) => WORKERS.filter((w) => w.villageCode === parent.code).length,
        workers: (parent: { code: string }, { first }: { first: number }) => ({
          nodes: WORKERS.filter((w) => w.villageCode === parent.code)
            .slice(0, first)
            .map(workerObject),
        }),
      },
      Worker: {
        __resolveReference: (reference: { nik: string }) => {
          const found = worker(reference.nik);
          return found ? workerObject(found) : null;
        },
        village: (parent: { villageCode: string }) => villageObject(village(parent.villageCode)!),
      },
    },
  };

  const budget: InlineSubgraph = {
    name: 'budget',
    typeDefs: `${FEDERATION}
      type Query {
        allocation(id: ID!): Allocation @requiresScopes(scopes: [["budget:read"]])
      }
      type Allocation @key(fields: "id") {
        id: ID!
        fiscalYear: Int!
        ceiling: Int!
        legalBasis: String!
        programs: [String!]!
        funder: Funder!
      }
      type Funder { id: ID! name: String! }
    `,
    resolvers: {
      Query: { allocation: (_: unknown, { id }: { id: string }) => (id === ALLOCATION.id ? ALLOCATION : null) },
      Allocation: {
        __resolveReference: (reference: { id: string }) =>
          counted('Allocation', () => (reference.id === ALLOCATION.id ? ALLOCATION : null)),
      },
    },
  };

  const cardObject = (w: SmallWorker) => ({ kpj: w.kpj, status: 'ACTIVE', nik: w.nik });
  const membership: InlineSubgraph = {
    name: 'membership',
    typeDefs: `${FEDERATION}
      type Query {
        membershipCard(kpj: ID!): MembershipCard @requiresScopes(scopes: [["coverage:read"], ["coverage-status:read"]])
      }
      type Mutation {
        closeCard(kpj: ID!): MembershipCard @requiresScopes(scopes: [["membership:write"]])
      }
      type Allocation @key(fields: "id") {
        id: ID!
        fundedCards(first: Int = 20): CardConnection @requiresScopes(scopes: [["coverage:read"]])
      }
      type CardConnection { nodes: [MembershipCard!]! }
      type MembershipCard @key(fields: "kpj") {
        kpj: ID! @requiresScopes(scopes: [["coverage:read"], ["coverage-status:read"]])
        status: String! @requiresScopes(scopes: [["coverage:read"], ["coverage-status:read"]])
        heirs: [Heir!]! @requiresScopes(scopes: [["personal-data:read"]])
        worker: Worker @requiresScopes(scopes: [["workers:read"]])
        coverage: Coverage @requiresScopes(scopes: [["coverage:read"]])
      }
      type Coverage {
        programs: [String!]!
        monthlyPremium: Int!
        fundedBy: Allocation
      }
      type Heir { fullName: String! @tag(name: "personal-data/name") }
      type Worker @key(fields: "nik") {
        nik: String!
        membership: MembershipCard @requiresScopes(scopes: [["coverage:read"], ["coverage-status:read"]])
      }
    `,
    resolvers: {
      Query: {
        membershipCard: (_: unknown, { kpj }: { kpj: string }) => {
          const found = card(kpj);
          return found ? cardObject(found) : null;
        },
      },
      Mutation: {
        closeCard: (_: unknown, { kpj }: { kpj: string }) => {
          ran.push('closeCard');
          const found = card(kpj);
          return found ? { ...cardObject(found), status: 'CLOSED' } : null;
        },
      },
      Allocation: {
        fundedCards: (parent: { id: string }, { first }: { first: number }) => ({
          nodes: parent.id === ALLOCATION.id ? WORKERS.slice(0, first).map(cardObject) : [],
        }),
      },
      MembershipCard: {
        __resolveReference: (reference: { kpj: string }) => {
          const found = card(reference.kpj);
          return found ? cardObject(found) : null;
        },
        heirs: () => [{ fullName: 'Anna Latuconsina' }],
        worker: (parent: { nik: string }) => ({ nik: parent.nik }),
        coverage: () => ({ programs: ['JKK', 'JKM'], monthlyPremium: 16_800, fundedBy: { id: ALLOCATION.id } }),
      },
      Worker: {
        membership: (parent: { nik: string }) => {
          const found = worker(parent.nik);
          return found ? cardObject(found) : null;
        },
      },
    },
  };

  return { subgraphs: [population, budget, membership], ran, representations };
}

/** The headline request, as far as the small graph goes: one answer from all three subgraphs. */
export const SMALL_WORKER_COVERAGE = /* GraphQL */ `
  query WorkerCoverage($nik: String!) {
    worker(nik: $nik) {
      nik
      fullName
      village {
        code
        name
        kind
        district {
          code
          name
        }
      }
      membership {
        kpj
        status
        coverage {
          programs
          monthlyPremium
          fundedBy {
            id
            fiscalYear
            ceiling
            legalBasis
            funder {
              name
            }
          }
        }
      }
    }
  }
`;
