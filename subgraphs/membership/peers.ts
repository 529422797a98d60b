/**
 * What membership asks of the other owners, through the shared peer client: population says
 * whether a worker exists and where they live; budget holds, commits and releases premium.
 */
import { PeerClient } from '../kit/peer';
import { Program } from '../../domain/program';

export interface Peers {
  peers: PeerClient;
  actor: string;
}

export interface RegisteredWorker {
  nik: string;
  village: { code: string };
}

export interface FundingAllocation {
  id: string;
  fiscalYear: number;
  premiumPerWorkerMonth: number;
  programs: Program[];
}

export interface Hold {
  key: string;
  amount: number;
  status: 'PENDING' | 'CONFIRMED' | 'RELEASED' | 'REFUSED';
}

export async function findWorker({ peers }: Peers, nik: string): Promise<RegisteredWorker> {
  const data = await peers.request<{ worker: RegisteredWorker }>(
    'population',
    'query Worker($nik: String!) { worker(nik: $nik) { nik village { code } } }',
    { nik },
    {},
  );
  return data.worker;
}

export async function findWorkers({ peers }: Peers, niks: string[]): Promise<RegisteredWorker[]> {
  const data = await peers.request<{ workersByNik: RegisteredWorker[] }>(
    'population',
    'query Workers($niks: [String!]!) { workersByNik(niks: $niks) { nik village { code } } }',
    { niks },
    {},
  );
  return data.workersByNik;
}

export async function findAllocation({ peers }: Peers, id: string): Promise<FundingAllocation> {
  // Enrolling needs the allocation's terms, not the right to read the budget (outreach officers enroll).
  const data = await peers.request<{ allocationForEnrollment: FundingAllocation }>(
    'budget',
    'query Allocation($id: ID!) { allocationForEnrollment(id: $id) { id fiscalYear premiumPerWorkerMonth programs } }',
    { id },
    {},
  );
  return data.allocationForEnrollment;
}

export async function reserve(
  { peers }: Peers,
  allocationId: string,
  requests: { key: string; amount: number; purpose: string }[],
): Promise<Hold[]> {
  const data = await peers.request<{ reserveFunds: Hold[] }>(
    'budget',
    'mutation Reserve($allocationId: ID!, $requests: [ReservationRequest!]!) { reserveFunds(allocationId: $allocationId, requests: $requests) { key amount status } }',
    { allocationId, requests },
    {},
  );
  return data.reserveFunds;
}

export async function settle(
  { peers }: Peers,
  allocationId: string,
  keys: string[],
  to: 'confirm' | 'release',
): Promise<Hold[]> {
  const field = to === 'confirm' ? 'confirmReservations' : 'releaseReservations';
  const data = await peers.request<Record<string, Hold[]>>(
    'budget',
    `mutation Settle($allocationId: ID!, $keys: [ID!]!) { ${field}(allocationId: $allocationId, keys: $keys) { key amount status } }`,
    { allocationId, keys },
    {},
  );
  return data[field];
}

export interface IssuedInvoice {
  id: string;
  workers: number;
  amount: number;
  status: 'ISSUED' | 'PAID';
  paidOn: string | null;
}

const INVOICE_FIELDS = 'id workers amount status paidOn';

export interface SupplementaryInvoice {
  /** A further invoice of a month already invoiced, for cards added after its first invoice. */
  supplementary?: boolean;
  /** Required by budget with `supplementary`: a retry with the same key gets the same invoice. */
  idempotencyKey?: string | null;
}

export async function issueInvoice(
  { peers }: Peers,
  allocationId: string,
  month: string,
  workers: number,
  amount: number,
  issuedOn: string,
  { supplementary = false, idempotencyKey = null }: SupplementaryInvoice = {},
): Promise<IssuedInvoice> {
  const data = await peers.request<{ issueInvoice: IssuedInvoice }>(
    'budget',
    `mutation Issue($allocationId: ID!, $month: String!, $workers: Int!, $amount: Rupiah!, $issuedOn: Date!, $supplementary: Boolean!, $idempotencyKey: String) {
      issueInvoice(allocationId: $allocationId, month: $month, workers: $workers, amount: $amount, issuedOn: $issuedOn, supplementary: $supplementary, idempotencyKey: $idempotencyKey) { ${INVOICE_FIELDS} } }`,
    { allocationId, month, workers, amount, issuedOn, supplementary, idempotencyKey },
    {},
  );
  return data.issueInvoice;
}

/** Pays `invoiceId`, or the month's first invoice when none is named. */
export async function payInvoice(
  { peers }: Peers,
  allocationId: string,
  month: string,
  paidOn: string,
  invoiceId: string | null = null,
): Promise<IssuedInvoice> {
  const data = await peers.request<{ payInvoice: IssuedInvoice }>(
    'budget',
    `mutation Pay($allocationId: ID!, $month: String!, $paidOn: Date!, $invoiceId: ID) { payInvoice(allocationId: $allocationId, month: $month, paidOn: $paidOn, invoiceId: $invoiceId) { ${INVOICE_FIELDS} } }`,
    { allocationId, month, paidOn, invoiceId },
    {},
  );
  return data.payInvoice;
}
