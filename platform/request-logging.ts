/**
 * The log lines of a GraphQL request, gateway's or subgraph's: the failures behind an
 * INTERNAL_SERVER_ERROR (the answer says only that it "has been logged"), and one line per
 * request at `lineLevel` (the gateway's access line is `info`, a subgraph's `debug`). The
 * request's logger, carrying its request id and trace id, is on its context as `log`.
 */
import './no-telemetry';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import { isKnownCode } from './errors';
import type { Logger } from './logger';

export interface LoggedContext extends BaseContext {
  log?: Logger;
}

export function errorCode(error: GraphQLError): string {
  const code =
    error.extensions?.code ??
    (error.originalError as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

export function requestLoggingPlugin<TContext extends LoggedContext>(
  fallback: Logger,
  lineLevel: 'info' | 'debug',
  operationLabel: (name: string | null | undefined) => string = () => 'unknown',
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const log = contextValue.log ?? fallback;
      let codes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          codes = errors.map(errorCode);
          for (const error of errors) {
            if (!isKnownCode(errorCode(error)) && !error.extensions?.serviceName)
              log.error({ err: unwrapResolverError(error) }, 'internal error');
          }
        },
        async willSendResponse({ operationName, response }) {
          if (!log.isLevelEnabled(lineLevel)) return;
          log[lineLevel](
            {
              operation: operationLabel(operationName),
              status: response.http.status ?? 200,
              ms: Math.round(performance.now() - started),
              ...(codes.length ? { errors: [...new Set(codes)] } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
