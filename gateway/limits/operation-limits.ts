/**
 * Limits that need the request, not only the document: the cost of the operation with its
 * variables (operation-cost.ts), and each caller's share of the gateway (caller-fairness.ts).
 * Runs after the access policy, so a refused operation never takes a caller's room.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ANONYMOUS_SUBJECT } from '../../contract/caller';
import type { GatewayContext } from '../caller-forwarding/caller-forwarding';
import { CallerFairness, FairnessLimits } from './caller-fairness';
import { operationCost } from './operation-cost';
import { ErrorCode } from '../../platform/errors';

const REFUSED_DOCUMENT = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

export function operationLimitsPlugin(maxCost: number, fairness: CallerFairness): ApolloServerPlugin<GatewayContext> {
  const releases = new WeakMap<GraphQLRequestContext<GatewayContext>, () => void>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { schema, document, operation, request, contextValue } = requestContext;
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > maxCost) {
            throw new GraphQLError(
              `The operation would cost ${cost}, above the limit of ${maxCost} (its variables and defaults counted): ask for smaller pages.`,
              {
                extensions: {
                  code: ErrorCode.GRAPHQL_VALIDATION_FAILED,
                  reason: 'COST_LIMIT',
                  cost,
                  maxCost,
                  http: { status: 400 },
                },
              },
            );
          }
          releases.set(
            requestContext,
            await fairness.acquire(contextValue.identity?.subject ?? ANONYMOUS_SUBJECT, cost),
          );
        },
        async willSendResponse(requestContext) {
          releases.get(requestContext)?.();
          releases.delete(requestContext);
          // graphql-armor's limits throw from inside validation, which Apollo answers as a 500:
          // a document refused for its size is the client's error, a coded 400.
          const { response } = requestContext;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (
            errors?.length &&
            errors.every((e) => REFUSED_DOCUMENT.has(String(e.extensions?.code))) &&
            (response.http.status ?? 500) >= 500
          ) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}

export type { FairnessLimits };
