import { Federation, startFederation } from './support/federation';
import { ENROLL, footprint, openAllocation } from './support/writes';
import { composeNik } from '../domain/nik';
import { STORY_ALLOCATIONS, storyWorkers } from '../domain/seed-story';

const REGISTER = `mutation($input: WorkerRegistration!) { registerWorker(input: $input) { nik } }`;
const MOVE = `mutation($nik: String!, $village: ID!) { moveWorker(nik: $nik, villageCode: $village) { nik } }`;
const CORRECT = `mutation($nik: String!) { correctWorker(nik: $nik, correction: { occupation: "Nelayan" }) { nik } }`;
const CREATE = `mutation($input: NewAllocationInput!) { createAllocation(input: $input) { id } }`;
const REVISE = `mutation($id: ID!, $ceiling: Rupiah!) { reviseAllocationCeiling(allocationId: $id, ceiling: $ceiling, legalBasis: "Perda APBD-Perubahan") { id } }`;
const INVOICE = `mutation($id: ID!, $month: YearMonth!) { issuePremiumInvoice(allocationId: $id, month: $month) { id } }`;
/** "Today" for each case whose dates only make sense on a given day (the server refuses cover and receipts recorded out of their time); else 1 January 2022. */
const TODAY: Record<string, string> = {
  'an enrollment of a worker already covered then': '2021-06-01',
  'a ceiling revised below what is committed': '2021-06-01',
  'a claim on a card inactive that day': '2022-06-20',
  'a payment for a closed card': '2021-06-05',
  'a payment for a month the card is not covered': '2023-01-05',
  'a payment for a month lapsed beyond reach': '2022-06-05',
  'a payment for an unknown card': '2022-05-03',
};
const PAY = `mutation($kpj: ID!, $month: YearMonth!, $paidOn: Date!) { recordPremiumPayment(kpj: $kpj, month: $month, paidOn: $paidOn, idempotencyKey: "bad-input-payment") { id } }`;
const CLAIM = `mutation($input: ClaimInput!) { fileClaim(input: $input) { id } }`;
const ADD_HEIR = `mutation($kpj: ID!) { addHeir(kpj: $kpj, fullName: "Maria Tuhumury", relationship: SPOUSE) { id } }`;

const workers = storyWorkers();
const village = workers[0].villageCode;
const allocationInput = {
  funderId: '81.71',
  fiscalYear: 2022,
  legalBasis: 'Perwali',
  ceiling: 1_000_000,
  premiumPerWorkerMonth: 16_800,
  programs: ['JKK', 'JKM'],
};

describe('every refused write says why with a stable code and leaves nothing behind', () => {
  let federation: Federation;
  const fixture = { allocationId: '', inactiveKpj: '', unverifiedHeirId: '', closedKpj: '' };

  beforeAll(async () => {
    federation = await startFederation();
    // Enrolments below start with 2022: cover never starts before the day it is recorded.
    federation.clock.set('2022-01-01');
    fixture.allocationId = (await openAllocation(federation, 2022, 10)).id;
    // A worker enrolled for 2022 who never paid: INACTIVE from April.
    const enrolled = await federation.query(ENROLL, {
      input: { nik: workers[3].nik, allocationId: fixture.allocationId, idempotencyKey: 'fixture-inactive' },
    });
    fixture.inactiveKpj = enrolled.data.enrollWorker.card.kpj;
    // Its arrears are the months invoiced to the city and left unpaid: January to March, each invoiced after its month.
    for (const [day, month] of [
      ['2022-02-01', '2022-01'],
      ['2022-03-01', '2022-02'],
      ['2022-04-01', '2022-03'],
    ]) {
      federation.clock.set(day);
      expect((await federation.query(INVOICE, { id: fixture.allocationId, month })).errors).toBeUndefined();
    }
    federation.clock.set('2022-01-01');
    // A seeded member, covered and paid up in 2021, with an heir whose papers are not yet checked.
    fixture.unverifiedHeirId = (await federation.query(ADD_HEIR, { kpj: workers[4].kpj })).data.addHeir.id;
    // A seeded member who died in May 2021, benefit claimed by a verified heir: the card is closed.
    const heir = (await federation.query(ADD_HEIR, { kpj: workers[5].kpj })).data.addHeir.id;
    await federation.query(
      `mutation($id: ID!) { verifyHeir(heirId: $id) { id } }`,
      { id: heir },
      await federation.actingAs('verifikator-ahli-waris'),
    );
    const death = await federation.query(CLAIM, {
      input: { kpj: workers[5].kpj, program: 'JKM', eventDate: '2021-05-01', heirId: heir, causeOfDeath: 'ILLNESS' },
    });
    expect(death.errors).toBeUndefined();
    fixture.closedKpj = workers[5].kpj;
  });
  afterAll(async () => federation?.stop());

  type Case = [name: string, query: string, variables: () => Record<string, unknown>, code: string, reason?: string];
  const cases: Case[] = [
    [
      'a NIK that is not 16 digits',
      REGISTER,
      () => ({ input: { nik: '817103120490007', fullName: 'A', occupation: 'B', villageCode: village } }),
      'BAD_USER_INPUT',
      'INVALID_NIK',
    ],
    [
      'a NIK from a district that does not exist',
      REGISTER,
      () => ({
        input: {
          nik: composeNik('81.71.99', '1990-01-01', 'MALE', 1),
          fullName: 'A',
          occupation: 'B',
          villageCode: village,
        },
      }),
      'BAD_USER_INPUT',
      'INVALID_NIK',
    ],
    [
      'a NIK whose birth date is impossible (31 February)',
      REGISTER,
      () => ({ input: { nik: '8171033102900001', fullName: 'A', occupation: 'B', villageCode: village } }),
      'BAD_USER_INPUT',
      'INVALID_NIK',
    ],
    [
      'a second registration of the same NIK',
      REGISTER,
      () => ({ input: { nik: workers[1].nik, fullName: 'Someone Else', occupation: 'B', villageCode: village } }),
      'CONFLICT',
      'DUPLICATE_NIK',
    ],
    [
      'registration in an unknown village',
      REGISTER,
      () => ({
        input: {
          nik: composeNik('81.71.02', '1990-01-01', 'MALE', 9),
          fullName: 'A',
          occupation: 'B',
          villageCode: '81.71.02.9999',
        },
      }),
      'NOT_FOUND',
      'UNKNOWN_VILLAGE',
    ],
    [
      'a move to an unknown village',
      MOVE,
      () => ({ nik: workers[1].nik, village: '81.71.02.9999' }),
      'NOT_FOUND',
      'UNKNOWN_VILLAGE',
    ],
    [
      'a correction of an unregistered worker',
      CORRECT,
      () => ({ nik: composeNik('81.71.02', '1990-01-01', 'MALE', 9) }),
      'NOT_FOUND',
    ],
    [
      'an enrollment with a malformed NIK',
      ENROLL,
      () => ({ input: { nik: '12345', allocationId: fixture.allocationId, idempotencyKey: 'bad-1' } }),
      'BAD_USER_INPUT',
      'INVALID_NIK',
    ],
    [
      'an enrollment of an unregistered worker',
      ENROLL,
      () => ({
        input: {
          nik: composeNik('81.71.02', '1990-01-01', 'MALE', 9),
          allocationId: fixture.allocationId,
          idempotencyKey: 'bad-2',
        },
      }),
      'NOT_FOUND',
    ],
    [
      'an enrollment under an unknown allocation',
      ENROLL,
      () => ({ input: { nik: workers[1].nik, allocationId: '81.71-2099-01', idempotencyKey: 'bad-3' } }),
      'NOT_FOUND',
    ],
    [
      'an impossible date',
      ENROLL,
      () => ({
        input: {
          nik: workers[1].nik,
          allocationId: fixture.allocationId,
          validFrom: '2022-02-30',
          idempotencyKey: 'bad-4',
        },
      }),
      'BAD_USER_INPUT',
    ],
    [
      'a period outside the fiscal year',
      ENROLL,
      () => ({
        input: {
          nik: workers[1].nik,
          allocationId: fixture.allocationId,
          validFrom: '2022-07-01',
          validUntil: '2023-06-30',
          idempotencyKey: 'bad-5',
        },
      }),
      'BAD_USER_INPUT',
      'PERIOD_OUTSIDE_FISCAL_YEAR',
    ],
    [
      'a period that ends before it starts',
      ENROLL,
      () => ({
        input: {
          nik: workers[1].nik,
          allocationId: fixture.allocationId,
          validFrom: '2022-07-01',
          validUntil: '2022-03-31',
          idempotencyKey: 'bad-6',
        },
      }),
      'BAD_USER_INPUT',
      'IMPOSSIBLE_PERIOD',
    ],
    [
      'an enrollment of a worker already covered then',
      ENROLL,
      () => ({ input: { nik: workers[1].nik, allocationId: STORY_ALLOCATIONS[1].id, idempotencyKey: 'bad-7' } }),
      'CONFLICT',
      'ALREADY_COVERED',
    ],
    [
      'an enrollment of a deceased member',
      ENROLL,
      () => ({ input: { nik: workers[5].nik, allocationId: fixture.allocationId, idempotencyKey: 'bad-8' } }),
      'CONFLICT',
      'MEMBER_DECEASED',
    ],
    ['a negative ceiling', CREATE, () => ({ input: { ...allocationInput, ceiling: -5 } }), 'BAD_USER_INPUT'],
    ['a zero premium', CREATE, () => ({ input: { ...allocationInput, premiumPerWorkerMonth: 0 } }), 'BAD_USER_INPUT'],
    [
      'money with a fraction of a rupiah',
      CREATE,
      () => ({ input: { ...allocationInput, ceiling: 1000.5 } }),
      'BAD_USER_INPUT',
    ],
    [
      'an allocation for an unknown funder',
      CREATE,
      () => ({ input: { ...allocationInput, funderId: '99.99' } }),
      'NOT_FOUND',
    ],
    [
      'a ceiling revised below what is committed',
      REVISE,
      () => ({ id: STORY_ALLOCATIONS[1].id, ceiling: 1_000_000 }),
      'CONFLICT',
      'CEILING_BELOW_COMMITTED',
    ],
    ['a ceiling revised to zero', REVISE, () => ({ id: STORY_ALLOCATIONS[1].id, ceiling: 0 }), 'BAD_USER_INPUT'],
    [
      'a claim on a card inactive that day',
      CLAIM,
      () => ({
        input: {
          kpj: fixture.inactiveKpj,
          program: 'JKK',
          eventDate: '2022-06-15',
          benefits: [{ kind: 'TEMPORARY_INCAPACITY', days: 10 }],
        },
      }),
      'CONFLICT',
      'COVERAGE_NOT_ACTIVE',
    ],
    [
      'a death benefit claimed by an unverified heir',
      CLAIM,
      () => ({
        input: {
          kpj: workers[4].kpj,
          program: 'JKM',
          eventDate: '2021-06-30',
          heirId: fixture.unverifiedHeirId,
          causeOfDeath: 'ILLNESS',
        },
      }),
      'CONFLICT',
      'HEIR_NOT_VERIFIED',
    ],
    [
      'a death benefit with a made-up amount',
      CLAIM,
      () => ({
        input: {
          kpj: workers[4].kpj,
          program: 'JKM',
          eventDate: '2021-06-30',
          heirId: fixture.unverifiedHeirId,
          amount: 99_000_000,
        },
      }),
      'BAD_USER_INPUT',
    ],
    [
      'a work-accident claim of Rp 0',
      CLAIM,
      () => ({ input: { kpj: workers[4].kpj, program: 'JKK', eventDate: '2021-06-30', amount: 0 } }),
      'BAD_USER_INPUT',
    ],
    [
      'a claim dated in the future',
      CLAIM,
      () => ({ input: { kpj: workers[4].kpj, program: 'JKK', eventDate: '2999-01-01', amount: 1000 } }),
      'BAD_USER_INPUT',
      'IMPOSSIBLE_DATE',
    ],
    [
      'a payment for a closed card',
      PAY,
      () => ({ kpj: fixture.closedKpj, month: '2021-06', paidOn: '2021-06-05' }),
      'CONFLICT',
      'CARD_CLOSED',
    ],
    [
      'a payment for a month the card is not covered',
      PAY,
      () => ({ kpj: fixture.inactiveKpj, month: '2023-01', paidOn: '2023-01-05' }),
      'CONFLICT',
      'NOT_COVERED',
    ],
    [
      'a payment for month 13',
      PAY,
      () => ({ kpj: fixture.inactiveKpj, month: '2022-13', paidOn: '2022-12-05' }),
      'BAD_USER_INPUT',
    ],
    // Paying ahead is allowed now (a month paid before it begins); what cannot be paid is a month more than 2 months before the receipt's.
    [
      'a payment for a month lapsed beyond reach',
      PAY,
      () => ({ kpj: fixture.inactiveKpj, month: '2022-01', paidOn: '2022-06-05' }),
      'CONFLICT',
      'MONTH_LAPSED',
    ],
    [
      'a payment for an unknown card',
      PAY,
      () => ({ kpj: '99999999999', month: '2022-05', paidOn: '2022-05-03' }),
      'NOT_FOUND',
    ],
  ];

  // Each row travels whole: jest would hand a shorter row's missing arguments a `done` callback.
  it.each(cases.map((row) => [row[0], row] as const))(
    'refuses %s',
    async (name, [, query, variables, code, reason]) => {
      federation.clock.set(TODAY[name] ?? '2022-01-01');
      const before = await footprint(federation);
      const response = await federation.query(query, variables(), await federation.actingAs('careless-client'));
      expect(response.errors).toHaveLength(1);
      const [error] = response.errors!;
      expect(error.extensions).toMatchObject({ code, ...(reason ? { reason } : {}) });
      expect(error.message.length).toBeGreaterThan(15);
      expect(error.message).not.toMatch(/internal|sql|violates|undefined|null/i);
      expect(await footprint(federation)).toEqual(before);
    },
  );

  it('names the existing record when a NIK is registered twice', async () => {
    const response = await federation.query(REGISTER, {
      input: { nik: workers[1].nik, fullName: 'Someone Else', occupation: 'B', villageCode: village },
    });
    expect(response.errors![0].message).toContain(workers[1].fullName);
    expect(response.errors![0].extensions!.existing).toEqual({
      nik: workers[1].nik,
      fullName: workers[1].fullName,
      villageCode: workers[1].villageCode,
    });
  });
});
