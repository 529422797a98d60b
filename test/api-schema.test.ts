/**
 * What a frontend team reads in the composed API schema (the one the gateway serves and
 * schema/api.graphql publishes): every type and field is described, every list says how much it
 * returns at once, every connection has the shape Apollo Client's relayStylePagination()
 * expects, and the same kind of value has the same type everywhere.
 */
import fs from 'node:fs';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLOutputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
} from 'graphql';
import { SUPERGRAPH_PATH } from '../tools/schema/compose';
import { apiSchemaOf } from '../platform/graphql/supergraph';

function listOf(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function objectFields(schema: GraphQLSchema): { owner: string; field: GraphQLField<unknown, unknown> }[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values((type as ReturnType<typeof schema.getQueryType> & object).getFields()).map((field) => ({
        owner: type.name,
        field,
      })),
    );
}

describe('the API schema frontend teams read', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await apiSchemaOf(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
  });

  it('makes every connection a Relay connection', () => {
    const connections = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && type.name.endsWith('Connection'),
    );
    expect(connections.length).toBeGreaterThan(5);
    for (const connection of connections) {
      const fields = Object.keys((connection as any).getFields());
      expect({ connection: connection.name, fields }).toEqual({
        connection: connection.name,
        fields: expect.arrayContaining(['edges', 'nodes', 'pageInfo']),
      });
      const edge = getNamedType((connection as any).getFields().edges.type);
      expect(Object.keys((edge as any).getFields()).sort()).toEqual(['cursor', 'node']);
    }
    expect(Object.keys((schema.getType('PageInfo') as any).getFields()).sort()).toEqual([
      'endCursor',
      'hasNextPage',
      'hasPreviousPage',
      'startCursor',
    ]);
  });

  it('states the page-size limit of every paged list, and why every other list of objects is not paged', () => {
    const unstated: string[] = [];
    for (const { owner, field } of objectFields(schema)) {
      const returns = getNamedType(field.type);
      const paged = returns.name.endsWith('Connection');
      const rows =
        listOf(field.type) && isObjectType(returns) && !owner.endsWith('Connection') && !owner.endsWith('Edge');
      const description = field.description ?? '';
      if (paged && !/at most \d+ a page/.test(description)) unstated.push(`${owner}.${field.name} (paged)`);
      if (rows && !/not paged|at most \d+/i.test(description)) unstated.push(`${owner}.${field.name} (list)`);
    }
    expect(unstated).toEqual([]);
  });

  it('describes every type, field, argument, input field and enum value', () => {
    const undescribed: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (!type.description?.trim()) undescribed.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()))
          if (!field.description?.trim()) undescribed.push(`${type.name}.${field.name}`);
      }
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const argument of field.args)
            if (!argument.description?.trim()) undescribed.push(`${type.name}.${field.name}(${argument.name})`);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues())
          if (!value.description?.trim()) undescribed.push(`${type.name}.${value.name}`);
    }
    expect(undescribed).toEqual([]);
  });

  it('says where every custom scalar is specified', () => {
    const scalars = Object.values(schema.getTypeMap()).filter(
      (type) => isScalarType(type) && !isSpecifiedScalarType(type),
    );
    expect(scalars.map((s) => s.name).sort()).toEqual(['Date', 'DateTime', 'JSONObject', 'Rupiah', 'YearMonth']);
    for (const scalar of scalars)
      expect({ scalar: scalar.name, url: (scalar as any).specifiedByURL }).toEqual({
        scalar: scalar.name,
        url: expect.stringMatching(/^https:\/\//),
      });
  });

  it('gives one kind of value one type: NIK arguments take a String (as the contract sends), instants DateTime, months YearMonth, statuses and reasons enums', () => {
    const inputs: { where: string; item: GraphQLArgument | GraphQLInputField }[] = [];
    const outputs: { where: string; item: GraphQLField<unknown, unknown> }[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          outputs.push({ where: `${type.name}.${field.name}`, item: field });
          for (const arg of field.args) inputs.push({ where: `${type.name}.${field.name}(${arg.name})`, item: arg });
        }
      }
      if (isInputObjectType(type))
        for (const field of Object.values(type.getFields()))
          inputs.push({ where: `${type.name}.${field.name}`, item: field });
    }
    const wrong: string[] = [];
    for (const { where, item } of inputs) {
      const named = getNamedType(item.type).name;
      if (/^niks?$/.test(item.name) && named !== 'String') wrong.push(`${where}: ${named}`);
    }
    for (const { where, item } of [...inputs, ...outputs]) {
      const named = getNamedType(item.type);
      if (/(^at|At|Since)$/.test(item.name) && named.name !== 'DateTime')
        wrong.push(`${where}: ${named.name}, not DateTime`);
      if (/(?<!^status)On$|Date$|^asOf$|^valid(From|Until)$/.test(item.name) && named.name !== 'Date')
        wrong.push(`${where}: ${named.name}, not Date`);
      if (/^month$/.test(item.name) && named.name !== 'YearMonth') wrong.push(`${where}: ${named.name}, not YearMonth`);
      if (/(^s|S)tatus$|(^r|R)eason$/.test(item.name) && !isEnumType(named))
        wrong.push(`${where}: ${named.name}, not an enum`);
    }
    expect(wrong).toEqual([]);
  });
});
