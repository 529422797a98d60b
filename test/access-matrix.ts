/**
 * The access matrix: every root field and mutation of the public supergraph against every role,
 * for a record inside an outreach officer's villages ("in") and outside them ("out").
 * `test/access-matrix.e2e.ts` runs every cell through the gateway and compares; a root field or
 * mutation of the supergraph without a row here fails that test, so no path ships unchecked.
 *
 * Each row gives, per case, one letter per role in ROLE_ORDER:
 *   A  allowed: the answer carries the record (for a mutation: not refused; a CONFLICT about the
 *      record's state still counts, the access check having passed)
 *   H  hidden: answered without refusal, but the record is left out (a list, a batch report)
 *   F  FORBIDDEN
 */
import type { Role } from '../contract/scopes';

export const ROLE_ORDER: Role[] = [
  'population-officer',
  'budget-officer',
  'insurer-officer',
  'outreach-officer',
  'partner-agency',
  'analyst',
  'auditor',
];
export type Case = 'in' | 'out';
export type Outcome = 'A' | 'H' | 'F';

/** Records each cell points at, prepared before the matrix runs. */
export interface MatrixFixtures {
  village: Record<Case, string>;
  /** A seeded worker with a card covered in 2020 and 2021, in each case's village. */
  worker: Record<Case, { nik: string; kpj: string }>;
  jknCard: Record<Case, string>;
  heirId: Record<Case, string>;
  claimId: Record<Case, string>;
  /** The claim's one item (below the plausibility cap, so approving it is a CONFLICT once access is granted). */
  claimItemId: Record<Case, string>;
  /** An allocation of a year nobody is covered in yet, with room to enroll and renew. */
  allocationId: string;
  /** A fresh NIK per case, for registrations. */
  newNik: Record<Case, string>;
}

export interface CellOperation {
  query: string;
  variables?: Record<string, unknown>;
  /** Whether the answer carries the record; by default, the root field is not null. */
  seen?: (data: Record<string, any>) => boolean;
}

export interface MatrixRow {
  kind: 'Query' | 'Mutation';
  expected: Record<Case, string>;
  /** `key` is unique per cell, for idempotency keys. */
  operation(fixtures: MatrixFixtures, where: Case, key: string): CellOperation;
}

const same = (letters: string): Record<Case, string> => ({ in: letters, out: letters });

export const ACCESS_MATRIX: Record<string, MatrixRow> = {
  // ── Queries ───────────────────────────────────────────── P  B  I  O  N  Y  U
  allocation: {
    kind: 'Query',
    expected: same('AAAFFAF'),
    operation: () => ({ query: '{ allocation(id: "81.71-2021-01") { id fiscalYear } }' }),
  },
  allocations: {
    kind: 'Query',
    expected: same('AAAFFAF'),
    operation: () => ({
      query: '{ allocations(first: 1) { nodes { id } } }',
      seen: (d) => d.allocations.nodes.length === 1,
    }),
  },
  programmeTargets: {
    kind: 'Query',
    expected: same('AAAFFAA'),
    operation: () => ({ query: '{ programmeTargets { id targetCount } }', seen: (d) => d.programmeTargets.length > 0 }),
  },
  programmeTarget: {
    kind: 'Query',
    expected: same('AAAFFAA'),
    operation: () => ({ query: '{ programmeTarget(id: "81.71-jamsostek-2021") { id targetCount } }' }),
  },
  funders: {
    kind: 'Query',
    expected: same('AAAFFAF'),
    operation: () => ({ query: '{ funders { id name } }', seen: (d) => d.funders.length > 0 }),
  },
  budgetAuditTrail: {
    kind: 'Query',
    expected: same('FFFFFFA'),
    operation: () => ({
      query: '{ budgetAuditTrail(first: 1) { nodes { id } } }',
      seen: (d) => Array.isArray(d.budgetAuditTrail.nodes),
    }),
  },
  jknMembership: {
    kind: 'Query',
    expected: { in: 'AAAAFFF', out: 'AAAFFFF' },
    operation: (f, where) => ({
      query: 'query($card: ID!) { jknMembership(cardNumber: $card) { cardNumber status } }',
      variables: { card: f.jknCard[where] },
    }),
  },
  membershipCard: {
    kind: 'Query',
    expected: { in: 'AAAAAFF', out: 'AAAFAFF' },
    operation: (f, where) => ({
      query: 'query($kpj: ID!) { membershipCard(kpj: $kpj) { kpj status } }',
      variables: { kpj: f.worker[where].kpj },
    }),
  },
  membershipAuditTrail: {
    kind: 'Query',
    expected: same('FFFFFFA'),
    operation: () => ({
      query: '{ membershipAuditTrail(first: 1) { nodes { id } } }',
      seen: (d) => Array.isArray(d.membershipAuditTrail.nodes),
    }),
  },
  regency: {
    kind: 'Query',
    expected: same('AAAAAAA'),
    operation: () => ({ query: '{ regency(code: "81.71") { name } }' }),
  },
  district: {
    kind: 'Query',
    expected: same('AAAAAAA'),
    operation: () => ({ query: '{ district(code: "81.71.02") { name } }' }),
  },
  village: {
    kind: 'Query',
    expected: same('AAAAAAA'),
    operation: (f, where) => ({
      query: 'query($code: ID!) { village(code: $code) { name kind } }',
      variables: { code: f.village[where] },
    }),
  },
  villages: {
    kind: 'Query',
    expected: same('AAAAAAA'),
    operation: () => ({
      query: '{ villages(districtCode: "81.71.02", first: 2) { nodes { code } } }',
      seen: (d) => d.villages.nodes.length === 2,
    }),
  },
  worker: {
    kind: 'Query',
    expected: { in: 'AAAAAFF', out: 'AAAFAFF' },
    operation: (f, where) => ({
      query: 'query($nik: String!) { worker(nik: $nik) { nik } }',
      variables: { nik: f.worker[where].nik },
    }),
  },
  workersByNik: {
    kind: 'Query',
    expected: { in: 'AAAAFFF', out: 'AAAHFFF' },
    operation: (f, where) => ({
      query: 'query($niks: [String!]!) { workersByNik(niks: $niks) { nik } }',
      variables: { niks: [f.worker[where].nik] },
      seen: (d) => d.workersByNik.length === 1,
    }),
  },
  coverageSeries: {
    kind: 'Query',
    expected: same('AAAFFAA'),
    operation: (f, where) => ({
      query:
        'query($area: ID!) { coverageSeries(areaCode: $area, from: "2021-05-01", until: "2021-06-30") { asOf registeredWorkers coveredWorkers share } }',
      variables: { area: f.village[where] },
      seen: (d) => d.coverageSeries.length === 2,
    }),
  },
  cardStatusCounts: {
    kind: 'Query',
    expected: same('AAAFFAA'),
    operation: (f, where) => ({
      query: 'query($area: ID!) { cardStatusCounts(areaCode: $area, asOf: "2021-06-30") { status cards suppressed } }',
      variables: { area: f.village[where] },
      seen: (d) => d.cardStatusCounts.length > 0,
    }),
  },
  lapsingCards: {
    kind: 'Query',
    expected: { in: 'AAAAFFF', out: 'AAAHFFF' },
    operation: (f, where) => ({
      query:
        'query($area: ID!) { lapsingCards(areaCode: $area, asOf: "2021-11-15") { month cards(first: 5) { nodes { kpj } } } }',
      variables: { area: f.village[where] },
      seen: (d) => d.lapsingCards.cards.nodes.length > 0,
    }),
  },
  claimTotals: {
    kind: 'Query',
    expected: same('AAAFFAA'),
    operation: () => ({
      query:
        '{ claimTotals(from: "2021-01-01", until: "2021-12-31", basis: FILED) { program status month claims amount suppressed } }',
      seen: (d) => Array.isArray(d.claimTotals),
    }),
  },
  personReads: {
    kind: 'Query',
    expected: same('FFFFFFA'),
    operation: () => ({
      query: '{ personReads(first: 1) { nodes { id } } }',
      seen: (d) => Array.isArray(d.personReads.nodes),
    }),
  },
  populationAuditTrail: {
    kind: 'Query',
    expected: same('FFFFFFA'),
    operation: () => ({
      query: '{ populationAuditTrail(first: 1) { nodes { id } } }',
      seen: (d) => Array.isArray(d.populationAuditTrail.nodes),
    }),
  },

  // ── Mutations ─────────────────────────────────────────── P  B  I  O  N  Y  U
  createAllocation: {
    kind: 'Mutation',
    expected: same('FAFFFFF'),
    operation: (_f, _where, key) => ({
      query:
        'mutation($input: NewAllocationInput!, $key: String) { createAllocation(input: $input, idempotencyKey: $key) { id } }',
      variables: {
        key,
        input: {
          funderId: '81.71',
          fiscalYear: 2030,
          legalBasis: 'Peraturan Walikota Ambon tentang APBD 2030',
          ceiling: 201_600,
          premiumPerWorkerMonth: 16_800,
          programs: ['JKK', 'JKM'],
        },
      },
    }),
  },
  reviseAllocationCeiling: {
    kind: 'Mutation',
    expected: same('FAFFFFF'),
    operation: (f, _where, key) => ({
      query:
        'mutation($id: ID!, $key: String) { reviseAllocationCeiling(allocationId: $id, ceiling: 201600000, legalBasis: "APBD-Perubahan", idempotencyKey: $key) { id } }',
      variables: { id: f.allocationId, key },
    }),
  },
  addHeir: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($kpj: ID!, $key: String) { addHeir(kpj: $kpj, fullName: "Ahli Waris Matriks", relationship: CHILD, idempotencyKey: $key) { id } }',
      variables: { kpj: f.worker[where].kpj, key },
    }),
  },
  verifyHeir: {
    kind: 'Mutation',
    expected: same('FFAFFFF'),
    operation: (f, where) => ({
      query: 'mutation($id: ID!) { verifyHeir(heirId: $id) { id verified } }',
      variables: { id: f.heirId[where] },
    }),
  },
  fileClaim: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query: 'mutation($input: ClaimInput!, $key: String) { fileClaim(input: $input, idempotencyKey: $key) { id } }',
      variables: {
        key,
        input: {
          kpj: f.worker[where].kpj,
          program: 'JKK',
          eventDate: '2021-06-20',
          benefits: [{ kind: 'MEDICAL_CARE', amount: 1_000_000, billReference: 'RS-MATRIX-1' }],
        },
      },
    }),
  },
  approveClaimItem: {
    kind: 'Mutation',
    expected: same('FFAFFFF'),
    operation: (f, where, key) => ({
      query: 'mutation($id: ID!, $key: String) { approveClaimItem(itemId: $id, idempotencyKey: $key) { id } }',
      variables: { id: f.claimItemId[where], key },
    }),
  },
  payClaim: {
    kind: 'Mutation',
    expected: same('FFAFFFF'),
    operation: (f, where, key) => ({
      query: 'mutation($id: ID!, $key: String!) { payClaim(claimId: $id, idempotencyKey: $key) { id } }',
      variables: { id: f.claimId[where], key },
    }),
  },
  batchEnroll: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAHFFF' },
    operation: (f, where, key) => ({
      query: 'mutation($input: BatchEnrollmentInput!) { batchEnroll(input: $input) { rows { status reason } } }',
      variables: { input: { allocationId: f.allocationId, niks: [f.worker[where].nik], idempotencyKey: key } },
      seen: (d) => d.batchEnroll.rows[0].reason !== 'UNKNOWN_WORKER',
    }),
  },
  enrollWorker: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query: 'mutation($input: EnrollmentInput!) { enrollWorker(input: $input) { card { kpj } } }',
      variables: { input: { nik: f.worker[where].nik, allocationId: f.allocationId, idempotencyKey: key } },
    }),
  },
  renewCoverage: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query: 'mutation($input: RenewalInput!) { renewCoverage(input: $input) { card { kpj } } }',
      variables: { input: { kpj: f.worker[where].kpj, allocationId: f.allocationId, idempotencyKey: key } },
    }),
  },
  addClaimBenefits: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($id: ID!, $key: String) { addClaimBenefits(claimId: $id, benefits: [{ kind: MEDICAL_CARE, amount: 100000, billReference: "RS-MATRIX-2" }], idempotencyKey: $key) { id } }',
      variables: { id: f.claimId[where], key },
    }),
  },
  issuePremiumInvoice: {
    kind: 'Mutation',
    expected: same('FFAAFFF'),
    operation: (f) => ({
      query: 'mutation($id: ID!) { issuePremiumInvoice(allocationId: $id, month: "2024-01") { id } }',
      variables: { id: f.allocationId },
    }),
  },
  recordFunderPayment: {
    kind: 'Mutation',
    expected: same('FFAAFFF'),
    operation: (f, _where, key) => ({
      query:
        'mutation($id: ID!, $key: String!) { recordFunderPayment(allocationId: $id, month: "2024-01", paidOn: "2024-02-15", idempotencyKey: $key) { invoiceId } }',
      variables: { id: f.allocationId, key },
    }),
  },
  recordPremiumPayment: {
    kind: 'Mutation',
    expected: { in: 'FFAAFFF', out: 'FFAFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($kpj: ID!, $key: String!) { recordPremiumPayment(kpj: $kpj, month: "2021-06", paidOn: "2021-06-05", idempotencyKey: $key) { id } }',
      variables: { kpj: f.worker[where].kpj, key },
    }),
  },
  registerWorker: {
    kind: 'Mutation',
    expected: { in: 'AFFAFFF', out: 'AFFFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($input: WorkerRegistration!, $key: String) { registerWorker(input: $input, idempotencyKey: $key) { nik } }',
      variables: {
        key,
        input: {
          nik: f.newNik[where],
          fullName: 'Warga Matriks',
          occupation: 'nelayan',
          villageCode: f.village[where],
        },
      },
    }),
  },
  correctWorker: {
    kind: 'Mutation',
    expected: { in: 'AFFAFFF', out: 'AFFFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($nik: String!, $key: String) { correctWorker(nik: $nik, correction: { occupation: "pedagang" }, idempotencyKey: $key) { nik } }',
      variables: { nik: f.worker[where].nik, key },
    }),
  },
  moveWorker: {
    kind: 'Mutation',
    expected: { in: 'AFFAFFF', out: 'AFFFFFF' },
    operation: (f, where, key) => ({
      query:
        'mutation($nik: String!, $village: ID!, $key: String) { moveWorker(nik: $nik, villageCode: $village, idempotencyKey: $key) { nik } }',
      variables: { nik: f.worker[where].nik, village: f.village[where], key },
    }),
  },
};
