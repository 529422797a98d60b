/**
 * The insurer's premium rates for workers who are not wage earners (bukan penerima upah), as a
 * dated schedule: each rate names its program, income bracket, the days it is in force and its
 * legal basis. Commitments, invoices and a period's `monthlyPremium` read the rate in force for
 * each month, so the COVID-19 relief of PP 49/2020 (1% of the normal JKK and JKM premium for the
 * contribution months August 2020 to January 2021) is charged as it was.
 */
import { Program } from './program';

export interface PremiumRate {
  program: Program;
  /** Declared monthly income of the bracket, in rupiah. */
  incomeBracket: number;
  validFrom: string;
  /** Inclusive; null while in force. */
  validUntil: string | null;
  /** Premium for one worker-month, in rupiah. */
  amount: number;
  /**
   * The rate applies from this month of the worker's membership (1 = the first)...
   */
  fromMembershipMonth: number;
  /**
   * ...for members who joined in this month or later; an earlier member has it from the first
   * month it is in force. PP 49/2020 Art. 13: a participant registered after July 2020 pays the
   * first two months in full and gets the relief from the third; one registered by July 2020
   * (in July itself too) gets it from August 2020.
   */
  waitingAppliesFrom?: string;
  legalBasis: string;
}

export const LOWEST_BRACKET = 1_000_000;

const NORMAL_JKK =
  'PP 44/2015 as amended by PP 82/2019: JKK for bukan penerima upah, 1% of declared income (lowest bracket Rp 1,000,000)';
const NORMAL_JKM = 'PP 44/2015 as amended by PP 82/2019: JKM for bukan penerima upah, Rp 6,800 a month';
const RELIEF =
  'PP 49/2020 Art. 8-9 and 13: 99% relief, 1% of the normal premium, contribution months August 2020 to January 2021';

export const PREMIUM_RATES: PremiumRate[] = [
  {
    program: Program.JKK,
    incomeBracket: LOWEST_BRACKET,
    validFrom: '2015-07-01',
    validUntil: null,
    amount: 10_000,
    fromMembershipMonth: 1,
    legalBasis: NORMAL_JKK,
  },
  {
    program: Program.JKM,
    incomeBracket: LOWEST_BRACKET,
    validFrom: '2015-07-01',
    validUntil: null,
    amount: 6_800,
    fromMembershipMonth: 1,
    legalBasis: NORMAL_JKM,
  },
  {
    program: Program.JHT,
    incomeBracket: LOWEST_BRACKET,
    validFrom: '2015-07-01',
    validUntil: null,
    amount: 20_000,
    fromMembershipMonth: 1,
    legalBasis: 'PP 46/2015 as amended by PP 60/2015: JHT for bukan penerima upah, 2% of declared income',
  },
  {
    program: Program.JKK,
    incomeBracket: LOWEST_BRACKET,
    validFrom: '2020-08-01',
    validUntil: '2021-01-31',
    amount: 100,
    fromMembershipMonth: 3,
    waitingAppliesFrom: '2020-08-01',
    legalBasis: RELIEF,
  },
  {
    program: Program.JKM,
    incomeBracket: LOWEST_BRACKET,
    validFrom: '2020-08-01',
    validUntil: '2021-01-31',
    amount: 68,
    fromMembershipMonth: 3,
    waitingAppliesFrom: '2020-08-01',
    legalBasis: RELIEF,
  },
];

/** Programs open to bukan-penerima-upah workers: JKK and JKM, optionally JHT; JP is for wage earners only. */
export const PROGRAMS_OPEN_TO_INFORMAL_WORKERS: Program[] = [Program.JKK, Program.JKM, Program.JHT];

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/** The first day of every month from `from` to `until`, inclusive. */
export function monthsBetween(from: string, until: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(until); i++) months.push(monthStart(i));
  return months;
}

/** The rate of one program in force for a month, for a member since `memberSince`; undefined if the schedule has none. */
export function rateInForce(
  program: Program,
  income: number,
  day: string,
  memberSince: string,
): PremiumRate | undefined {
  const month = monthStart(monthIndex(day));
  const membershipMonth = monthIndex(day) - monthIndex(memberSince) + 1;
  return PREMIUM_RATES.filter(
    (r) =>
      r.program === program &&
      r.incomeBracket === income &&
      r.validFrom <= month &&
      (r.validUntil == null || r.validUntil >= month) &&
      (membershipMonth >= r.fromMembershipMonth ||
        (r.waitingAppliesFrom != null && monthStart(monthIndex(memberSince)) < r.waitingAppliesFrom)),
  ).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

/** The premium of a worker-month for these programs; throws when a program has no rate for the bracket. */
export function premiumForMonth(
  programs: readonly Program[],
  income: number,
  day: string,
  memberSince: string,
): number {
  return programs.reduce((sum, program) => {
    const rate = rateInForce(program, income, day, memberSince);
    if (!rate)
      throw new Error(
        `No ${program} premium rate for declared income Rp ${income.toLocaleString('en')} in ${day.slice(0, 7)}.`,
      );
    return sum + rate.amount;
  }, 0);
}

/** The premium of a coverage period: the rate in force for each of its months. */
export function premiumForPeriod(
  programs: readonly Program[],
  income: number,
  from: string,
  until: string,
  memberSince: string,
): number {
  return monthsBetween(from, until).reduce(
    (sum, month) => sum + premiumForMonth(programs, income, month, memberSince),
    0,
  );
}

/** The normal premium (no relief) of a worker-month today: what an allocation budgets per worker-month. */
export const normalMonthlyPremium = (programs: readonly Program[], income = LOWEST_BRACKET) =>
  programs.reduce(
    (sum, program) =>
      sum +
      (PREMIUM_RATES.find((r) => r.program === program && r.incomeBracket === income && r.validUntil == null)?.amount ??
        NaN),
    0,
  );
