import fs from 'node:fs';
import { buildSchema, getIntrospectionQuery, graphqlSync, lexicographicSortSchema } from 'graphql';
import { API_SCHEMA_PATH, apiSdl, composeRegistry, generatedSdls, SUPERGRAPH_PATH } from '../tools/schema/compose';
import { apiSchemaOf } from '../platform/graphql/supergraph';

describe('the checked-in schema is the contract reviewers read, so it must match the code', () => {
  it('has every subgraph SDL as the code prints it (run `npm run compose` when this fails)', async () => {
    for (const [file, sdl] of await generatedSdls()) {
      expect({ file, sdl: fs.readFileSync(file, 'utf8') }).toEqual({ file, sdl });
    }
  });

  it('has the supergraph that those SDLs compose into', async () => {
    const composition = composeRegistry(undefined, await generatedSdls());
    expect(composition).toMatchObject({ ok: true });
    if (composition.ok) expect(fs.readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composition.supergraphSdl);
  });

  it('publishes the API the gateway serves as schema/api.graphql, without federation directives', async () => {
    const supergraph = fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
    const published = fs.readFileSync(API_SCHEMA_PATH, 'utf8');
    expect(published).toBe(await apiSdl(supergraph));
    expect(published).not.toMatch(
      /@(join__|link|key|shareable|external|requires|provides|inaccessible|tag|authenticated|requiresScopes)\b/,
    );
    // A code generator reading the file sees exactly what introspecting the gateway gives.
    const introspect = (schema: ReturnType<typeof buildSchema>) =>
      graphqlSync({ schema, source: getIntrospectionQuery({ specifiedByUrl: true, descriptions: true }) }).data;
    expect(introspect(lexicographicSortSchema(buildSchema(published)))).toEqual(
      introspect(lexicographicSortSchema(await apiSchemaOf(supergraph))),
    );
  });
});
