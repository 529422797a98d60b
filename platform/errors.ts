/**
 * The error vocabulary clients can rely on: every refusal carries one of these codes in
 * `extensions.code`, and anything else is reported as INTERNAL_SERVER_ERROR without details.
 */
import './no-telemetry';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Codes the gateway adds when a subgraph cannot answer its share of a request. */
export const SubgraphFailureCode = {
  /** The subgraph refused the connection, failed, or its circuit is open. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** The subgraph did not answer within its timeout. */
  SUBGRAPH_TIMEOUT: 'SUBGRAPH_TIMEOUT',
  /**
   * A mutation reached the subgraph but its answer was lost (timeout, connection broken): it may
   * have been applied. Retry it with the same idempotency key to learn the outcome.
   */
  SUBGRAPH_OUTCOME_UNKNOWN: 'SUBGRAPH_OUTCOME_UNKNOWN',
} as const;
export type SubgraphFailureCode = (typeof SubgraphFailureCode)[keyof typeof SubgraphFailureCode];

/**
 * Every code a client can receive, declared here once and imported wherever an error is made
 * (test/error-codes.test.ts scans the sources for any other).
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A read of personal data could not be recorded in the read audit, so it is not answered (UU 27/2022). */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  /** `@defer` / `@stream`, which the gateway cannot execute (gateway/defer-refusal/defer-refusal.ts). */
  DEFER_NOT_SUPPORTED: 'DEFER_NOT_SUPPORTED',
  /** The caller's share of the gateway is used up (gateway/limits/caller-fairness.ts). */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** Safelisting (gateway/trusted-documents/trusted-documents.ts): an id not in the manifest. */
  PERSISTED_QUERY_NOT_IN_LIST: 'PERSISTED_QUERY_NOT_IN_LIST',
  /** Safelisting: a full document not in the manifest. */
  QUERY_NOT_IN_SAFELIST: 'QUERY_NOT_IN_SAFELIST',
  // Apollo Server's own codes for malformed requests, documents and variables.
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** A request body over the size limit (platform/http.ts). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** A replica pool in front of a subgraph lost the replica mid-request, or has none (dev/round-robin.ts). */
  BAD_GATEWAY: 'BAD_GATEWAY',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  ...SubgraphFailureCode,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, details);
export const notFound = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.NOT_FOUND, message, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.CONFLICT, message, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.FORBIDDEN, message, details);
export const unauthenticated = (message: string, details?: Record<string, unknown>) =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message, details);

/**
 * Production answers name no field or value the caller did not write: graphql-js suggests
 * close matches ("Did you mean DESA?") in validation and coercion messages alike, which maps
 * the schema for anyone probing it with introspection turned off.
 */
export function withoutSuggestions(format: typeof formatError): typeof formatError {
  return (formatted, error) => {
    const answer = format(formatted, error);
    return { ...answer, message: answer.message.replace(/\s*Did you mean [^?]*\?/g, '') };
  };
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Whether an error carries a code clients may rely on; any other is an internal failure, logged with its request (see request-logging.ts). */
export function isKnownCode(code: unknown): boolean {
  return typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Keeps coded errors as they are and hides everything else (SQL errors, stack traces) behind
 * a generic message; the original is logged by the request's logger (request-logging.ts).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // A scalar's own refusal (a bad date or amount in the document) keeps the scalar's code.
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) {
    const { code: ownCode, ...details } = original.originalError.extensions;
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...details, code: ownCode },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    // The gateway names the subgraph of a passed-on error `serviceName`; clients read one name, `subgraph`.
    const { stacktrace: _stacktrace, serviceName, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      extensions:
        typeof serviceName === 'string' ? { ...extensions, subgraph: extensions.subgraph ?? serviceName } : extensions,
    };
  }
  // Argument coercion failures (a malformed scalar) are the client's mistake, not ours.
  if (
    original instanceof GraphQLError &&
    /^(Variable|Argument|Expected|Int cannot|String cannot)/.test(original.message)
  ) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    };
  }
  // At the gateway, a subgraph's failure still says whose it is.
  const subgraph = formatted.extensions?.serviceName;
  return {
    message: 'Internal server error: the failure has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(typeof subgraph === 'string' ? { subgraph } : {}) },
  };
}
