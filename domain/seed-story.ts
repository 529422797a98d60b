/**
 * The seed story, told identically by each owner: Ambon's 25,000 informal workers, the
 * APBD 2020 allocation funding the first 10,000 and APBD 2021 renewing them plus 15,000 more.
 * Each subgraph seeds only its own records from it (population the residents, budget the
 * allocations, membership the cards), so nobody reads another's tables. Everything derives
 * from one fixed seed: the same run on any machine yields the same NIKs, names and cards.
 */
import { composeNik, Sex } from './nik';
import { LOWEST_BRACKET, monthsBetween, premiumForMonth } from './premium-rates';
import { Program } from './program';
import { readAmbonVillages } from './region-data';

export const STORY_SEED = 342020;
export const PREMIUM_PER_WORKER_MONTH = { JKK: 10_000, JKM: 6_800 } as const;
export const MONTHLY_PREMIUM = PREMIUM_PER_WORKER_MONTH.JKK + PREMIUM_PER_WORKER_MONTH.JKM;

export const CITY_FUNDER = { id: '81.71', name: 'Pemerintah Kota Ambon', regencyCode: '81.71' } as const;

export interface StoryAllocation {
  id: string;
  fiscalYear: number;
  legalBasis: string;
  /** Workers [0, workers) of the story are funded by this allocation. */
  workers: number;
  validFrom: string;
  validUntil: string;
  months: number;
}

export const STORY_ALLOCATIONS: StoryAllocation[] = [
  {
    id: '81.71-2020-01',
    fiscalYear: 2020,
    legalBasis: 'Peraturan Walikota Ambon Nomor 34A Tahun 2020',
    workers: 10_000,
    validFrom: '2020-01-01',
    validUntil: '2020-12-31',
    months: 12,
  },
  {
    id: '81.71-2021-01',
    fiscalYear: 2021,
    legalBasis: 'Peraturan Walikota Ambon Nomor 34A Tahun 2020; Instruksi Presiden Nomor 2 Tahun 2021',
    workers: 25_000,
    validFrom: '2021-01-01',
    validUntil: '2021-12-31',
    months: 12,
  },
];

/** Pagu, as budgeted: every worker-month at the normal premium (the budget was set before any relief). */
/**
 * The article's target: 50,000 covered workers in the city by the end of 2021, set by the city's
 * acceleration team under the deputy mayor. The team's own decree was not found; the target
 * follows Inpres 2/2021, which tells regional heads to extend coverage.
 */
export const STORY_TARGET = {
  id: '81.71-jamsostek-2021',
  name: 'Covered informal workers in Kota Ambon',
  owner: 'Tim Percepatan Jaminan Sosial Ketenagakerjaan Kota Ambon, led by the Wakil Walikota (deputy mayor)',
  legalBasis: 'Instruksi Presiden Nomor 2 Tahun 2021',
  areaCode: '81.71',
  targetCount: 50_000,
  targetDate: '2021-12-31',
} as const;

export const allocationCeiling = (allocation: StoryAllocation) =>
  allocation.workers * MONTHLY_PREMIUM * allocation.months;

export const STORY_PROGRAMS = [Program.JKK, Program.JKM];
export const STORY_INCOME = LOWEST_BRACKET;

/** The month a story worker's membership began: the first 10,000 in January 2020, the rest in January 2021. */
export const memberSinceOf = (index: number) =>
  index < STORY_ALLOCATIONS[0].workers ? STORY_ALLOCATIONS[0].validFrom : STORY_ALLOCATIONS[1].validFrom;

/**
 * When the outreach team registered a story worker: the first 10,000 in December 2019, before
 * their cover began; the 15,000 of 2021 over the second half of 2020, a few each day.
 */
export function registeredOnOf(index: number): string {
  if (index < STORY_ALLOCATIONS[0].workers) return `2019-12-${String(1 + (index % 31)).padStart(2, '0')}`;
  return new Date(Date.UTC(2020, 6, 1 + ((index - STORY_ALLOCATIONS[0].workers) % 184))).toISOString().slice(0, 10);
}

/** The premium of one story worker's period under an allocation, at the rate in force each month. */
export const storyPeriodPremium = (allocation: StoryAllocation, index: number) =>
  monthsBetween(allocation.validFrom, allocation.validUntil).reduce(
    (sum, month) => sum + premiumForMonth(STORY_PROGRAMS, STORY_INCOME, month, memberSinceOf(index)),
    0,
  );

export interface StoryInvoice {
  allocationId: string;
  /** First day of the month invoiced. */
  month: string;
  workers: number;
  amount: number;
  /** The insurer issued each month's invoice on the 1st of the following month... */
  issuedOn: string;
  /** ...and the city paid it by the 15th. */
  paidOn: string;
}

/**
 * The insurer's monthly invoices to the city, one per allocation and month, for the workers covered
 * that month at the rate in force (PP 49/2020's 1% from August 2020 to January 2021 for members in
 * their third month or later), and the city's payment of each.
 */
export function storyInvoices(): StoryInvoice[] {
  return STORY_ALLOCATIONS.flatMap((allocation) =>
    monthsBetween(allocation.validFrom, allocation.validUntil).map((month) => {
      const cohorts = new Map<string, number>();
      for (let index = 0; index < allocation.workers; index++)
        cohorts.set(memberSinceOf(index), (cohorts.get(memberSinceOf(index)) ?? 0) + 1);
      const amount = [...cohorts].reduce(
        (sum, [since, workers]) => sum + workers * premiumForMonth(STORY_PROGRAMS, STORY_INCOME, month, since),
        0,
      );
      const nextMonth = (day: number) =>
        new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), day)).toISOString().slice(0, 10);
      return {
        allocationId: allocation.id,
        month,
        workers: allocation.workers,
        amount,
        issuedOn: nextMonth(1),
        paidOn: nextMonth(15),
      };
    }),
  );
}

/** What an allocation of the story committed: its invoices, month by month at the rate in force. */
export const storyCommitted = (allocation: StoryAllocation) =>
  storyInvoices()
    .filter((i) => i.allocationId === allocation.id)
    .reduce((sum, i) => sum + i.amount, 0);

/**
 * What the city paid of an allocation's story invoices within its fiscal year (realisasi, cash
 * basis), and after it: each December's invoice is paid on 15 January, from the next year's APBD.
 */
export function storyPaid(allocation: StoryAllocation): { realised: number; paidAfterYearEnd: number } {
  const yearEnd = `${allocation.fiscalYear}-12-31`;
  return storyInvoices()
    .filter((i) => i.allocationId === allocation.id)
    .reduce(
      (paid, i) =>
        i.paidOn <= yearEnd
          ? { ...paid, realised: paid.realised + i.amount }
          : { ...paid, paidAfterYearEnd: paid.paidAfterYearEnd + i.amount },
      { realised: 0, paidAfterYearEnd: 0 },
    );
}

/** A business date as the instant the story's office recorded it: 10:00 in Ambon (01:00 UTC). */
export const recordedOnStoryDay = (day: string) => `${day}T01:00:00Z`;

export interface StoryWorker {
  index: number;
  nik: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  occupation: string;
  villageCode: string;
  kpj: string;
}

/** mulberry32: tiny, fast and deterministic; quality is ample for plausible test data. */
export function randomGenerator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MALE_NAMES = [
  'Yohanis',
  'Abdul',
  'Marthen',
  'Muhammad',
  'Samuel',
  'Ahmad',
  'Johanis',
  'Ismail',
  'Daniel',
  'Hasan',
  'Frans',
  'Rizal',
  'Petrus',
  'Husein',
  'Melky',
  'Salim',
  'Jacob',
  'Rusdi',
  'Stevanus',
  'Umar',
];
export const FEMALE_NAMES = [
  'Maria',
  'Siti',
  'Yuliana',
  'Fatima',
  'Christina',
  'Nurhayati',
  'Magdalena',
  'Aisyah',
  'Elisabeth',
  'Hadija',
  'Agustina',
  'Rahma',
  'Veronika',
  'Salma',
  'Theresia',
  'Zainab',
  'Novita',
  'Halima',
  'Grace',
  'Nurul',
];
export const FAMILY_NAMES = [
  'Latuconsina',
  'Pattimura',
  'Tuhumury',
  'Sahetapy',
  'Matulessy',
  'Pattinasarany',
  'Lewerissa',
  'Wattimena',
  'Souisa',
  'Sopacua',
  'Tehupeiory',
  'Latupeirissa',
  'Ohorella',
  'Marasabessy',
  'Tuasikal',
  'Pelupessy',
  'Leiwakabessy',
  'Manuhutu',
  'Sialana',
  'Pesulima',
  'Tanasale',
  'Nanlohy',
  'Hehanussa',
  'Lekransy',
  'Waliulu',
];
/**
 * Informal occupations, in English like every other name in the API (heirs' relationships too),
 * drawn by sex as the city's informal work divides: fishing, the port, driving and building are
 * mostly men's work; domestic work, tailoring and food stalls mostly women's.
 */
export const OCCUPATIONS_BY_SEX: Record<Sex, readonly string[]> = {
  MALE: [
    'Fisher',
    'Fisher',
    'Motorcycle-taxi driver',
    'Motorcycle-taxi driver',
    'Port labourer',
    'Minibus driver',
    'Construction labourer',
    'Market trader',
    'Fish seller',
    'Farmer',
    'Craftsman',
  ],
  FEMALE: [
    'Market trader',
    'Market trader',
    'Fish seller',
    'Fish seller',
    'Domestic worker',
    'Domestic worker',
    'Tailor',
    'Food-stall keeper',
    'Cake seller',
    'Farmer',
    'Craftswoman',
  ],
};
export const OCCUPATIONS = [...new Set([...OCCUPATIONS_BY_SEX.MALE, ...OCCUPATIONS_BY_SEX.FEMALE])];

/** The insurer's minimum age on the first day of cover (see the README's Rules). */
export const MINIMUM_AGE = 18;

/** The birth date moved back a year when the worker would be under the minimum age on the first day of cover. */
export function ofMinimumAge(birthDate: string, firstDayOfCover: string): string {
  const adultFrom = `${Number(birthDate.slice(0, 4)) + MINIMUM_AGE}${birthDate.slice(4)}`;
  return adultFrom <= firstDayOfCover ? birthDate : `${Number(birthDate.slice(0, 4)) - 1}${birthDate.slice(4)}`;
}

export const STORY_WORKERS = 25_000;

let cached: StoryWorker[] | undefined;

export function storyWorkers(): StoryWorker[] {
  if (cached) return cached;
  const random = randomGenerator(STORY_SEED);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const villages = readAmbonVillages().sort((a, b) => a.code.localeCompare(b.code));
  const districts = [...new Set(villages.map((v) => v.district_code))];
  // Uneven village sizes, as in life: the busiest neighbourhoods hold several times the quietest.
  const weights = villages.map(() => 0.3 + 2.2 * random() ** 2);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cumulative = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / total)
    )(0),
  );
  const serials = new Map<string, number>();
  const workers: StoryWorker[] = [];
  for (let index = 0; index < STORY_WORKERS; index++) {
    const draw = random();
    const village =
      villages[
        Math.max(
          0,
          cumulative.findIndex((c) => draw <= c),
        )
      ];
    const sex: Sex = random() < 0.5 ? 'MALE' : 'FEMALE';
    const birth = new Date(Date.UTC(1961, 0, 1) + Math.floor(random() * 42 * 365.25) * 86_400_000);
    // The story's youngest drawn are made old enough for their first day of cover (233 would be 17).
    const birthDate = ofMinimumAge(birth.toISOString().slice(0, 10), memberSinceOf(index));
    // Most registered their NIK where they live; some moved within the city since.
    const registeredIn = random() < 0.8 ? village.district_code : pick(districts);
    const serialKey = `${registeredIn}|${birthDate}|${sex}`;
    const serial = (serials.get(serialKey) ?? 0) + 1;
    serials.set(serialKey, serial);
    workers.push({
      index,
      nik: composeNik(registeredIn, birthDate, sex, serial),
      fullName: `${pick(sex === 'MALE' ? MALE_NAMES : FEMALE_NAMES)} ${pick(FAMILY_NAMES)}`,
      birthDate,
      sex,
      occupation: pick(OCCUPATIONS_BY_SEX[sex]),
      villageCode: village.code,
      kpj: `20${String(index + 1).padStart(9, '0')}`,
    });
  }
  cached = workers;
  return workers;
}
