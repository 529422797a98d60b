/**
 * `@defer` and `@stream` are not served. @apollo/gateway plans deferred fragments but cannot
 * execute them ("@defer support is not available in the gateway"): incremental delivery through
 * a federation needs GraphOS Router. Rather than graphql-js's bare "Unknown directive", a client
 * gets a stable code and the way to get the same effect: the slow part as a second query, which
 * Apollo Client runs beside the first and merges into the same cache entries by `id`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, visit, BREAK } from 'graphql';
import { ErrorCode } from '../../platform/errors';

const INCREMENTAL = new Set(['defer', 'stream']);

function incrementalDirectives(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    Directive(directive) {
      if (!INCREMENTAL.has(directive.name.value)) return undefined;
      found = directive.name.value;
      return BREAK;
    },
  });
  return found;
}

export function deferRefusalPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ document, response }) {
          if (!document || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const directive = result.errors?.length ? incrementalDirectives(document) : undefined;
          if (!directive) return;
          const unknown = `Unknown directive "@${directive}".`;
          result.errors = result.errors!.map((error) =>
            error.message === unknown
              ? {
                  message: `@${directive} is not supported by this gateway (incremental delivery needs GraphOS Router). Ask for the slow part in a second query: Apollo Client runs both at once and merges them in its cache by id.`,
                  locations: error.locations,
                  extensions: { code: ErrorCode.DEFER_NOT_SUPPORTED },
                }
              : error,
          );
        },
      };
    },
  };
}
