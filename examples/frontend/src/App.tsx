import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import {
  AllocationFundingDocument,
  CoverageCardDocument,
  VillageRosterDocument,
  WorkerPaymentsDocument,
} from './gql/graphql';

const rupiah = (amount: number) => `Rp ${amount.toLocaleString('id-ID')}`;

function CoverageCard({ nik }: { nik: string }) {
  const { data, error } = useQuery(CoverageCardDocument, { variables: { nik } });
  if (error) return <p role="alert">{error.message}</p>;
  const worker = data?.worker;
  if (!worker) return <p>Loading coverage…</p>;
  const coverage = worker.membership?.coverage;
  return (
    <section data-testid="coverage-card">
      <h2>{worker.fullName}</h2>
      <p>
        NIK {worker.nik}, {worker.village.name} ({worker.village.kind}), {worker.village.district.name}
      </p>
      <p data-testid="membership">
        KPJ {worker.membership?.kpj ?? '—'}: {worker.membership?.status ?? 'no card'}
      </p>
      {coverage && (
        <p data-testid="coverage">
          {coverage.programs.join(' + ')} from {coverage.validFrom} to {coverage.validUntil},{' '}
          {rupiah(coverage.monthlyPremium)} a month, paid by APBD {coverage.fundedBy?.fiscalYear} (
          {coverage.fundedBy?.funder.name})
        </p>
      )}
    </section>
  );
}

function Payments({ nik }: { nik: string }) {
  const { data } = useQuery(WorkerPaymentsDocument, { variables: { nik } });
  const payments = data?.worker?.membership?.payments;
  if (!payments) return <p>Loading payments…</p>;
  return (
    <section data-testid="payments">
      <h3>
        {payments.totalCount} premium payments ({data?.worker?.occupation}, card issued{' '}
        {data?.worker?.membership?.issuedOn})
      </h3>
      <p>
        Coverage periods:{' '}
        {data?.worker?.membership?.coveragePeriods
          .map((period) => `${period.validFrom} to ${period.validUntil}`)
          .join('; ')}
      </p>
      <ul>
        {payments.nodes.map((payment) => (
          <li key={payment.id}>
            {payment.month}: {rupiah(payment.amount)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RosterPage({
  code,
  after,
  last,
  onMore,
}: {
  code: string;
  after: string | null;
  last: boolean;
  onMore: (cursor: string) => void;
}) {
  const { data } = useQuery(VillageRosterDocument, { variables: { code, after } });
  const workers = data?.village?.workers;
  if (!workers) return <li>Loading…</li>;
  return (
    <>
      {workers.edges.map(({ node }) => (
        <li key={node.id} data-testid="roster-row">
          {node.fullName} ({node.nik}), {node.occupation}
        </li>
      ))}
      {last && workers.pageInfo.hasNextPage && workers.pageInfo.endCursor && (
        <li>
          <button onClick={() => onMore(workers.pageInfo.endCursor!)}>Load more</button>
        </li>
      )}
    </>
  );
}

/** Pages one after the other, each its own query: the default cache needs no merge function for this. */
function Roster({ code }: { code: string }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <section data-testid="roster">
      <h3>Village roster</h3>
      <ol>
        {cursors.map((after, index) => (
          <RosterPage
            key={after ?? 'first'}
            code={code}
            after={after}
            last={index === cursors.length - 1}
            onMore={(cursor) => setCursors([...cursors, cursor])}
          />
        ))}
      </ol>
    </section>
  );
}

function AllocationPanel({ id }: { id: string }) {
  // errorPolicy 'all': a refused field is an error beside the data, not a failed screen.
  const { data, error } = useQuery(AllocationFundingDocument, { variables: { id }, errorPolicy: 'all' });
  const allocation = data?.allocation;
  if (!allocation) return <p>{error ? error.message : 'Loading allocation…'}</p>;
  const refusal = CombinedGraphQLErrors.is(error) ? error.errors.find((e) => e.path?.[1] === 'fundedCards') : undefined;
  return (
    <section data-testid="allocation">
      <h3>
        APBD {allocation.fiscalYear}: {rupiah(allocation.ceiling)} ({allocation.funder.name})
      </h3>
      <p>{allocation.legalBasis}</p>
      <p data-testid="funded-cards">
        {allocation.fundedCards
          ? `Funded cards: ${allocation.fundedCards.nodes.map((card) => card.kpj).join(', ')}`
          : `Funded cards: not shown (${refusal?.extensions?.code ?? 'unavailable'})`}
      </p>
    </section>
  );
}

export function App({
  nik,
  village,
  allocation,
}: {
  nik: string | null;
  village: string | null;
  allocation: string | null;
}) {
  const [showPayments, setShowPayments] = useState(false);
  return (
    <main>
      <h1>Coverage dashboard</h1>
      {nik && <CoverageCard nik={nik} />}
      {nik && !showPayments && <button onClick={() => setShowPayments(true)}>Show payments</button>}
      {nik && showPayments && <Payments nik={nik} />}
      {village && <Roster code={village} />}
      {allocation && <AllocationPanel id={allocation} />}
    </main>
  );
}
