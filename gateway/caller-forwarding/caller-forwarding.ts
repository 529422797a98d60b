/**
 * Every request the gateway sends to a subgraph carries who is asking, signed with the gateway's
 * caller signing key (caller-keys.ts), addressed to that subgraph alone and bound to that one operation,
 * valid for seconds: a subgraph trusts nothing else, so a token lifted from the traffic opens
 * no other subgraph and carries no other query.
 */
import '../../platform/no-telemetry';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { ANONYMOUS_SUBJECT, CALLER_HEADER, CallerClaims, operationDigest, signCaller } from '../../contract/caller';
import type { CallerSigningKey } from '../../contract/caller-keys';
import type { TrustConfig } from '../../contract/settings';
import type { Identity } from '../authentication/authentication';
import type { Logger } from '../../platform/logger';
import { injectTrace } from '../../platform/tracing';
import type { PartnerViews } from './partner-view';

export interface GatewayContext {
  /** Null for a caller without a token. */
  identity: Identity | null;
  /** One id per client HTTP request, shared by every subgraph request it causes. */
  requestId: string;
  /** The request's W3C trace id, forwarded as `traceparent` (see tracing.ts). */
  traceId?: string;
  /** The request's log lines (request id and trace id on each). */
  log?: Logger;
  /** Every operation of the HTTP request, when it came as a batch: some rules judge a batch whole (trusted-documents). */
  batch?: unknown[];
}

const ANONYMOUS: Identity = { subject: ANONYMOUS_SUBJECT, agency: '', roles: [], scopes: [], villages: [] };

export class CallerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly trust: TrustConfig,
    private readonly signer: CallerSigningKey,
    /** The HTTP client the request goes over; @apollo/gateway's own when not given. */
    fetcher?: Fetcher,
    /** Whether this gateway masks personal data at its edge (all but a benchmark's layer-off gateway do). */
    private readonly masksPersonalData = true,
    /** What a partner's subgraph is told of the caller (partner-view.ts); the caller whole without it. */
    private readonly partnerViews?: PartnerViews,
  ) {
    super({ url, ...(fetcher ? { fetcher } : {}) });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : undefined;
    const context = options.context as Partial<GatewayContext>;
    const told: CallerClaims = {
      ...(context.identity ?? ANONYMOUS),
      operationName: incoming?.operationName ?? incoming?.request.operationName ?? null,
      requestId: context.requestId ?? '',
      // Said only by a gateway that masks: the subgraphs then send the NIK in clear for joining.
      ...(this.masksPersonalData ? { masksPersonalData: true } : {}),
    };
    const claims = this.partnerViews ? this.partnerViews.claimsFor(this.subgraphName, told) : told;
    const digest = operationDigest(options.request.query, options.request.variables);
    const assertion = await signCaller(
      claims,
      this.subgraphName,
      this.signer,
      this.trust.callerTokenTtlSeconds,
      digest,
    );
    options.request.http?.headers.set(CALLER_HEADER, assertion);
    const headers = options.request.http?.headers;
    if (headers) injectTrace((name, value) => headers.set(name, value), context.traceId);
  }
}
