/**
 * The benefits of the programs, item by item, as PP 44/2015 as amended by PP 82/2019 sets them for
 * participants who are not wage earners (bukan penerima upah). Each item is computed or capped
 * from the law and, for JKK, from the income the worker declared for the coverage period.
 */
import { registerEnumType } from 'type-graphql';

export enum BenefitKind {
  /** JKM */
  LUMP_SUM = 'LUMP_SUM',
  PERIODIC = 'PERIODIC',
  FUNERAL = 'FUNERAL',
  /** JKK */
  MEDICAL_CARE = 'MEDICAL_CARE',
  TEMPORARY_INCAPACITY = 'TEMPORARY_INCAPACITY',
  PERMANENT_DISABILITY = 'PERMANENT_DISABILITY',
  WORK_ACCIDENT_DEATH = 'WORK_ACCIDENT_DEATH',
}
registerEnumType(BenefitKind, {
  name: 'BenefitKind',
  description: 'One benefit of a JKM or JKK claim, as the regulation names it.',
  valuesConfig: {
    LUMP_SUM: { description: 'JKM santunan sekaligus: Rp 20,000,000.' },
    PERIODIC: { description: 'Santunan berkala: 24 × Rp 500,000, paid at once as Rp 12,000,000 (JKM, and JKK death).' },
    FUNERAL: { description: 'Biaya pemakaman: Rp 10,000,000 (JKM, and JKK death).' },
    MEDICAL_CARE: {
      description:
        'JKK care as medically needed (sesuai kebutuhan medis), paid to the health facility on its bill (billReference), at most Rp 10,000,000,000 an item.',
    },
    TEMPORARY_INCAPACITY: {
      description:
        'JKK santunan sementara tidak mampu bekerja: 100% of declared income for the first 12 calendar months from the accident, 50% after, counted across the items of the accident.',
    },
    PERMANENT_DISABILITY: {
      description:
        'JKK santunan cacat: percentage × 80 × declared income (partial); 70% × 80 × declared income (total); the items of one accident add up to at most 100%.',
    },
    WORK_ACCIDENT_DEATH: { description: 'JKK santunan kematian akibat kecelakaan kerja: 48 × declared income.' },
  },
});

export enum RecipientKind {
  HEIR = 'HEIR',
  FUNERAL_ARRANGER = 'FUNERAL_ARRANGER',
  SOCIAL_SECURITY_FUND = 'SOCIAL_SECURITY_FUND',
  MEMBER = 'MEMBER',
  HEALTH_FACILITY = 'HEALTH_FACILITY',
}
registerEnumType(RecipientKind, {
  name: 'RecipientKind',
  description: 'Who receives a benefit item.',
  valuesConfig: {
    HEIR: { description: 'An heir of the first rank present.' },
    FUNERAL_ARRANGER: { description: 'Whoever arranged the funeral, when no heir exists (funeral benefit only).' },
    SOCIAL_SECURITY_FUND: { description: 'Dana Jaminan Sosial: lump sum and periodic benefit when no heir exists.' },
    MEMBER: { description: 'The injured member.' },
    HEALTH_FACILITY: { description: 'The health facility that gave the care.' },
  },
});

export enum CauseOfDeath {
  ILLNESS = 'ILLNESS',
  ACCIDENT_NOT_AT_WORK = 'ACCIDENT_NOT_AT_WORK',
  WORK_ACCIDENT = 'WORK_ACCIDENT',
  OTHER = 'OTHER',
}
registerEnumType(CauseOfDeath, {
  name: 'CauseOfDeath',
  description: "The cause of a member's death: JKM pays only for a death not caused by a work accident.",
  valuesConfig: {
    ILLNESS: { description: 'Illness not caused by work.' },
    ACCIDENT_NOT_AT_WORK: { description: 'An accident that was not a work accident.' },
    WORK_ACCIDENT: { description: 'A work accident or occupational disease: a JKK death benefit, never JKM.' },
    OTHER: { description: 'Any other cause not related to work.' },
  },
});

export const JKM_LUMP_SUM = 20_000_000;
export const PERIODIC_MONTHS = 24;
export const PERIODIC_PER_MONTH = 500_000;
export const PERIODIC_AT_ONCE = PERIODIC_MONTHS * PERIODIC_PER_MONTH;
export const FUNERAL_BENEFIT = 10_000_000;
export const JKM_DEATH_BENEFIT = JKM_LUMP_SUM + PERIODIC_AT_ONCE + FUNERAL_BENEFIT;
/** JKM scholarship (beasiswa): only after at least 3 years of contributions. */
export const SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS = 36;

export const JKK_DEATH_INCOME_MULTIPLE = 48;
export const DISABILITY_INCOME_MULTIPLE = 80;
export const TOTAL_DISABILITY_PERCENT = 70;
/** STMB: 100% of declared income for the first 12 calendar months from the accident, 50% after. */
export const FULL_PAY_INCAPACITY_MONTHS = 12;
/**
 * No single bill can be this large: above it an amount is a typing error or worse, and the bound
 * keeps every sum of items far inside the exact range of the Rupiah scalar (2^53 - 1).
 */
export const MAX_ITEM_RUPIAH = 10_000_000_000;

export interface BenefitRequest {
  kind: BenefitKind;
  /** MEDICAL_CARE: the facility's bill. */
  amount?: number | null;
  /** MEDICAL_CARE: the facility's reference of that bill. */
  billReference?: string | null;
  /** TEMPORARY_INCAPACITY: days unable to work. */
  days?: number | null;
  /** PERMANENT_DISABILITY: percentage of disability (100 = total). */
  disabilityPercent?: number | null;
}

export interface ComputedBenefit {
  kind: BenefitKind;
  amount: number;
  basis: string;
  billReference?: string | null;
  days?: number | null;
  disabilityPercent?: number | null;
}

/** What earlier items of the same accident already paid: later items continue from it. */
export interface AccidentSoFar {
  accidentDate: string;
  incapacityDays: number;
  disabilityPercent: number;
}

/** A JKK request the regulation refuses as such (BAD_USER_INPUT), or that contradicts the accident's earlier items (CONFLICT with a reason). */
export class BenefitRefusal extends Error {
  constructor(
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

const rupiah = (n: number) => `Rp ${n.toLocaleString('en')}`;

/**
 * One JKK item from the worker's declared monthly income and what earlier items of the accident
 * took (`soFar`, which it advances); throws a BenefitRefusal for a request the law does not allow.
 */
export function computeJkkBenefit(
  request: BenefitRequest,
  declaredIncome: number,
  soFar: AccidentSoFar,
): ComputedBenefit[] {
  switch (request.kind) {
    case BenefitKind.MEDICAL_CARE: {
      const amount = request.amount;
      if (amount == null || !Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_ITEM_RUPIAH) {
        throw new BenefitRefusal(
          `MEDICAL_CARE states the facility’s bill as a whole number of rupiah from 1 to ${rupiah(MAX_ITEM_RUPIAH)}.`,
        );
      }
      const billReference = request.billReference?.trim();
      if (!billReference || billReference.length > 100)
        throw new BenefitRefusal(
          'MEDICAL_CARE names the health facility’s bill it pays (billReference, up to 100 characters).',
        );
      return [
        {
          kind: request.kind,
          amount,
          billReference,
          basis: `care as medically needed: the facility's bill ${billReference} of ${rupiah(amount)}`,
        },
      ];
    }
    case BenefitKind.TEMPORARY_INCAPACITY: {
      const days = request.days;
      if (days == null || !Number.isInteger(days) || days <= 0 || days > 3 * 365)
        throw new BenefitRefusal('TEMPORARY_INCAPACITY states the days unable to work (1 to 1095).');
      const from = soFar.incapacityDays;
      soFar.incapacityDays += days;
      return [
        {
          kind: request.kind,
          amount: incapacityPay(soFar.accidentDate, from, soFar.incapacityDays, declaredIncome),
          days,
          basis: incapacityBasis(soFar.accidentDate, from, soFar.incapacityDays, declaredIncome),
        },
      ];
    }
    case BenefitKind.PERMANENT_DISABILITY: {
      const percent = request.disabilityPercent;
      if (percent == null || !Number.isInteger(percent) || percent <= 0 || percent > 100)
        throw new BenefitRefusal('PERMANENT_DISABILITY states the percentage of disability (1 to 100; 100 is total).');
      if (soFar.disabilityPercent + percent > 100) {
        throw new BenefitRefusal(
          `The accident's disability items already come to ${soFar.disabilityPercent}%; another ${percent}% would take them above 100% (total disability pays once).`,
          'DISABILITY_ABOVE_TOTAL',
        );
      }
      soFar.disabilityPercent += percent;
      const applied = percent === 100 ? TOTAL_DISABILITY_PERCENT : percent;
      const amount = Math.round((applied * DISABILITY_INCOME_MULTIPLE * declaredIncome) / 100);
      return [
        {
          kind: request.kind,
          amount,
          disabilityPercent: percent,
          basis: `${applied}% × ${DISABILITY_INCOME_MULTIPLE} × declared income ${rupiah(declaredIncome)}${percent === 100 ? ' (total disability)' : ''}`,
        },
      ];
    }
    case BenefitKind.WORK_ACCIDENT_DEATH:
      return [
        {
          kind: request.kind,
          amount: JKK_DEATH_INCOME_MULTIPLE * declaredIncome,
          basis: `${JKK_DEATH_INCOME_MULTIPLE} × declared income ${rupiah(declaredIncome)}`,
        },
        {
          kind: BenefitKind.PERIODIC,
          amount: PERIODIC_AT_ONCE,
          basis: `${PERIODIC_MONTHS} × ${rupiah(PERIODIC_PER_MONTH)} paid at once`,
        },
        { kind: BenefitKind.FUNERAL, amount: FUNERAL_BENEFIT, basis: 'funeral benefit' },
      ];
    default:
      throw new BenefitRefusal(`${request.kind} is not a JKK benefit.`);
  }
}

/** The same day of the month `months` later (the month's last day when it has no such day). */
export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

const daysBetween = (from: string, until: string) => Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000);

/**
 * Months of income owed for the first `days` days of incapacity after the accident: each day is
 * its calendar month's share (a day of a 31-day month is 1/31), at 100% in the first 12 months
 * and 50% after.
 */
function incomeMonths(accidentDate: string, days: number): number {
  let months = 0;
  let left = days;
  for (let month = 0; left > 0; month += 1) {
    const length = daysBetween(addCalendarMonths(accidentDate, month), addCalendarMonths(accidentDate, month + 1));
    const taken = Math.min(left, length);
    months += (taken / length) * (month < FULL_PAY_INCAPACITY_MONTHS ? 1 : 0.5);
    left -= taken;
  }
  return months;
}

/** Pay for incapacity days `from` to `until` after the accident, rounded so the items of an accident add up to the rounded whole. */
function incapacityPay(accidentDate: string, from: number, until: number, declaredIncome: number): number {
  return (
    Math.round(declaredIncome * incomeMonths(accidentDate, until)) -
    Math.round(declaredIncome * incomeMonths(accidentDate, from))
  );
}

function incapacityBasis(accidentDate: string, from: number, until: number, declaredIncome: number): string {
  const fullPayDays = daysBetween(accidentDate, addCalendarMonths(accidentDate, FULL_PAY_INCAPACITY_MONTHS));
  const full = Math.max(0, Math.min(until, fullPayDays) - from);
  return `days ${from + 1} to ${until} after the accident of ${accidentDate}: ${full} at 100% and ${until - from - full} at 50% of declared income ${rupiah(declaredIncome)} a month (the first 12 months end on ${addCalendarMonths(accidentDate, FULL_PAY_INCAPACITY_MONTHS)})`;
}

export const JKM_ITEMS: ComputedBenefit[] = [
  { kind: BenefitKind.LUMP_SUM, amount: JKM_LUMP_SUM, basis: 'santunan sekaligus' },
  {
    kind: BenefitKind.PERIODIC,
    amount: PERIODIC_AT_ONCE,
    basis: `${PERIODIC_MONTHS} × ${rupiah(PERIODIC_PER_MONTH)} paid at once`,
  },
  { kind: BenefitKind.FUNERAL, amount: FUNERAL_BENEFIT, basis: 'biaya pemakaman' },
];
