/**
 * What each subgraph is told of one caller, from the repository's own supergraph and registry:
 * the city's subgraphs the caller whole, a partner (health) only the scopes its fields require,
 * under a pseudonym of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiSchemaOf } from '../../platform/graphql/supergraph';
import { loadSupergraph } from '../../gateway/server/feature';
import { PartnerViews, pseudonymKey, pseudonymousSubject } from '../../gateway/caller-forwarding/partner-view';
import { ANONYMOUS_SUBJECT, type CallerClaims } from '../../contract/caller';
import { ROLES, Scope } from '../../contract/scopes';
import { REGISTRY_PATH, SUPERGRAPH_PATH } from '../../tools/schema/composition';

const SECRET = 'a gateway secret for this test only';
const officer: CallerClaims = {
  subject: 'population-officer@ambon.example',
  agency: ROLES['population-officer'].agency,
  roles: ['population-officer'],
  scopes: [...ROLES['population-officer'].scopes],
  villages: ['8171031001'],
  operationName: 'Check',
  requestId: 'r-1',
  masksPersonalData: true,
};

describe('the caller as each subgraph is told it', () => {
  let loaded: ReturnType<typeof loadSupergraph>;
  beforeAll(async () => {
    const sdl = fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
    loaded = loadSupergraph(sdl, await apiSchemaOf(sdl));
  });

  it('a core subgraph gets the caller whole', () => {
    const views = new PartnerViews(SECRET, REGISTRY_PATH);
    views.onSupergraphLoad(loaded);
    expect(views.claimsFor('population', officer)).toEqual(officer);
  });

  it("health gets only its fields' scopes, the villages it filters by, and a pseudonym of its own", () => {
    const views = new PartnerViews(SECRET, REGISTRY_PATH);
    views.onSupergraphLoad(loaded);
    const told = views.claimsFor('health', officer);
    expect(told.scopes).not.toContain(Scope.WORKERS_WRITE);
    expect(told.scopes).not.toContain(Scope.BUDGET_READ);
    expect(told.scopes).toEqual(
      expect.arrayContaining([Scope.COVERAGE_READ, Scope.PERSONAL_DATA_READ, Scope.ALL_VILLAGES]),
    );
    expect(told).toMatchObject({ agency: '', roles: [], villages: ['8171031001'], requestId: 'r-1' });
    expect(told.subject).toBe(pseudonymousSubject(officer.subject, pseudonymKey(SECRET, 'health')));
    expect(told.subject).not.toBe(officer.subject);
    expect(views.claimsFor('health', officer).subject).toBe(told.subject);
    expect(views.claimsFor('social', officer).subject).not.toBe(told.subject);
  });

  it('a partner that declares nothing gets no villages, no all-villages scope, and an anonymous caller stays anonymous', () => {
    const views = new PartnerViews(SECRET);
    views.onSupergraphLoad(loaded);
    const told = views.claimsFor('health', officer);
    expect(told.villages).toEqual([]);
    expect(told.scopes).not.toContain(Scope.ALL_VILLAGES);
    expect(views.claimsFor('health', { ...officer, subject: ANONYMOUS_SUBJECT, scopes: [] }).subject).toBe(
      ANONYMOUS_SUBJECT,
    );
  });

  it('a registry entry asking for the caller whole, with its reason, gets it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partner-view-'));
    try {
      const registryPath = path.join(dir, 'subgraphs.json');
      fs.writeFileSync(
        registryPath,
        JSON.stringify({
          subgraphs: [{ name: 'health', assertion: { claims: 'full', reason: 'signs claims in the officer’s name' } }],
        }),
      );
      const views = new PartnerViews(SECRET, registryPath);
      views.onSupergraphLoad(loaded);
      expect(views.claimsFor('health', officer)).toEqual(officer);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
