/**
 * The supergraph only names its custom scalars, so the gateway would pass a "2021-02-30" or a
 * fractional rupiah through to a subgraph, whose refusal then surfaces as an opaque failure.
 * Giving the gateway's schema the same scalar implementations as the subgraphs rejects such
 * input at the edge, with the subgraphs' own messages and codes, before any query planning.
 */
import '../../platform/no-telemetry';
import { GraphQLScalarType, GraphQLSchema } from 'graphql';
import { ApolloGateway } from '@apollo/gateway';
import { DateScalar, DateTimeScalar, RupiahScalar, YearMonthScalar } from '../../platform/scalars';

const SHARED_SCALARS = [DateScalar, DateTimeScalar, RupiahScalar, YearMonthScalar];

function adoptScalars(schema: GraphQLSchema) {
  for (const implementation of SHARED_SCALARS) {
    const type = schema.getType(implementation.name);
    if (type instanceof GraphQLScalarType) {
      type.serialize = implementation.serialize;
      type.parseValue = implementation.parseValue;
      type.parseLiteral = implementation.parseLiteral;
    }
  }
}

export function validateSharedScalarsAtGateway(gateway: ApolloGateway) {
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => adoptScalars(apiSchema));
}
