/** The SQL of claim statistics: claims counted and summed in the database, by Ambon's (WIT) months. */
import { DataSource } from 'typeorm';
import { areaLevelOf, inArea } from '../../../domain/areas';
import { ClaimProgram, ClaimStatus } from '../claims/claim';

const WIT = "'Asia/Jayapura'";

export interface ClaimTotalsQuestion {
  from: string;
  until: string;
  /** By the month paid (paid claims only), else by the month filed. */
  byPaidDate: boolean;
  /** Only claims on cards of this regency, district or village; null: everywhere. */
  areaCode: string | null;
}

export interface ClaimTotalRow {
  program: ClaimProgram;
  status: ClaimStatus;
  month: string;
  claims: number;
  /** Rupiah sums as text: exact beyond 2^53. */
  amount: string;
  paidToRecipients: string;
  retainedByFund: string;
}

/** Claims by program, status and month, oldest month first. */
export function claimTotals(db: DataSource, question: ClaimTotalsQuestion): Promise<ClaimTotalRow[]> {
  const at = question.byPaidDate ? 'cl.paid_at' : 'cl.filed_at';
  const area = question.areaCode === null ? 'true' : inArea(areaLevelOf(question.areaCode), 'c.village_code', '$3');
  // Sums stay exact in SQL (bigint sums are numeric) and travel as text to the Rupiah scalar.
  return db.query(
    `SELECT cl.program, cl.status, to_char(${at} AT TIME ZONE ${WIT}, 'YYYY-MM') AS month, count(*)::int AS claims, sum(cl.amount)::text AS amount,
            coalesce(sum(i.to_recipients) FILTER (WHERE cl.status = 'PAID'), 0)::text AS "paidToRecipients",
            coalesce(sum(i.to_fund) FILTER (WHERE cl.status = 'PAID'), 0)::text AS "retainedByFund"
     FROM claim cl ${question.areaCode ? 'JOIN membership_card c ON c.kpj = cl.kpj' : ''}
     CROSS JOIN LATERAL (
       SELECT sum(amount) FILTER (WHERE recipient <> 'SOCIAL_SECURITY_FUND') AS to_recipients, sum(amount) FILTER (WHERE recipient = 'SOCIAL_SECURITY_FUND') AS to_fund
       FROM claim_item WHERE claim_id = cl.id
     ) i
     WHERE ${at} >= ($1::date::timestamp AT TIME ZONE ${WIT}) AND ${at} < (($2::date + 1)::timestamp AT TIME ZONE ${WIT}) AND ${area}
     GROUP BY 1, 2, 3 ORDER BY 3, 1, 2`,
    question.areaCode ? [question.from, question.until, question.areaCode] : [question.from, question.until],
  );
}
