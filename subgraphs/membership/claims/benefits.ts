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
    MEDICAL_CARE: { description: 'JKK care as medically needed (sesuai kebutuhan medis), paid to the health facility on its bill.' },
    TEMPORARY_INCAPACITY: { description: 'JKK santunan sementara tidak mampu bekerja: 100% of declared income for the first 12 months, 50% after.' },
    PERMANENT_DISABILITY: { description: 'JKK santunan cacat: percentage × 80 × declared income (partial); 70% × 80 × declared income (total).' },
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
  description: 'The cause of a member\'s death: JKM pays only for a death not caused by a work accident.',
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
export const FULL_PAY_INCAPACITY_DAYS = 365;

export interface BenefitRequest {
  kind: BenefitKind;
  /** MEDICAL_CARE: the facility's bill. */
  amount?: number | null;
  /** TEMPORARY_INCAPACITY: days unable to work. */
  days?: number | null;
  /** PERMANENT_DISABILITY: percentage of disability (100 = total). */
  disabilityPercent?: number | null;
}

export interface ComputedBenefit {
  kind: BenefitKind;
  amount: number;
  basis: string;
}

const rupiah = (n: number) => `Rp ${n.toLocaleString('en')}`;

/**
 * One JKK item from the worker's declared monthly income; throws a message for a request the law
 * does not allow (the caller turns it into BAD_USER_INPUT).
 */
export function computeJkkBenefit(request: BenefitRequest, declaredIncome: number): ComputedBenefit[] {
  switch (request.kind) {
    case BenefitKind.MEDICAL_CARE: {
      const amount = request.amount;
      if (amount == null || !Number.isSafeInteger(amount) || amount <= 0) throw new Error('MEDICAL_CARE states the facility’s bill as a positive whole number of rupiah.');
      return [{ kind: request.kind, amount, basis: `care as medically needed: the facility's bill of ${rupiah(amount)}` }];
    }
    case BenefitKind.TEMPORARY_INCAPACITY: {
      const days = request.days;
      if (days == null || !Number.isInteger(days) || days <= 0 || days > 3 * 365) throw new Error('TEMPORARY_INCAPACITY states the days unable to work (1 to 1095).');
      const full = Math.min(days, FULL_PAY_INCAPACITY_DAYS);
      const half = days - full;
      const amount = Math.round((declaredIncome * full) / 30 + (declaredIncome * half) / 60);
      return [{ kind: request.kind, amount, basis: `${full} days at 100% and ${half} days at 50% of declared income ${rupiah(declaredIncome)} a month` }];
    }
    case BenefitKind.PERMANENT_DISABILITY: {
      const percent = request.disabilityPercent;
      if (percent == null || !Number.isInteger(percent) || percent <= 0 || percent > 100) throw new Error('PERMANENT_DISABILITY states the percentage of disability (1 to 100; 100 is total).');
      const applied = percent === 100 ? TOTAL_DISABILITY_PERCENT : percent;
      const amount = Math.round((applied * DISABILITY_INCOME_MULTIPLE * declaredIncome) / 100);
      return [{ kind: request.kind, amount, basis: `${applied}% × ${DISABILITY_INCOME_MULTIPLE} × declared income ${rupiah(declaredIncome)}${percent === 100 ? ' (total disability)' : ''}` }];
    }
    case BenefitKind.WORK_ACCIDENT_DEATH:
      return [
        { kind: request.kind, amount: JKK_DEATH_INCOME_MULTIPLE * declaredIncome, basis: `${JKK_DEATH_INCOME_MULTIPLE} × declared income ${rupiah(declaredIncome)}` },
        { kind: BenefitKind.PERIODIC, amount: PERIODIC_AT_ONCE, basis: `${PERIODIC_MONTHS} × ${rupiah(PERIODIC_PER_MONTH)} paid at once` },
        { kind: BenefitKind.FUNERAL, amount: FUNERAL_BENEFIT, basis: 'funeral benefit' },
      ];
    default:
      throw new Error(`${request.kind} is not a JKK benefit.`);
  }
}

export const JKM_ITEMS: ComputedBenefit[] = [
  { kind: BenefitKind.LUMP_SUM, amount: JKM_LUMP_SUM, basis: 'santunan sekaligus' },
  { kind: BenefitKind.PERIODIC, amount: PERIODIC_AT_ONCE, basis: `${PERIODIC_MONTHS} × ${rupiah(PERIODIC_PER_MONTH)} paid at once` },
  { kind: BenefitKind.FUNERAL, amount: FUNERAL_BENEFIT, basis: 'biaya pemakaman' },
];
