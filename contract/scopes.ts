/**
 * Who may see what: the scopes the schema is annotated with, and the roles that bundle them.
 * Identity providers issue roles (or scopes directly); the gateway and every subgraph grant
 * access by scope only, so a new role never needs a schema change.
 */
export const Scope = {
  /** Person-level records: a worker by NIK, a village's roster, a card's holder. */
  WORKERS_READ: 'workers:read',
  /** NIK, name, birth date and heirs in clear; without it they are masked. */
  PERSONAL_DATA_READ: 'personal-data:read',
  /** Not limited to the villages listed in the caller's `villages` claim. */
  ALL_VILLAGES: 'workers:all-villages',
  /** Whether a person is covered: a card's KPJ and status, nothing else. */
  COVERAGE_STATUS_READ: 'coverage-status:read',
  /** The insurer's records: cards, coverage periods, funded cards. */
  COVERAGE_READ: 'coverage:read',
  /** APBD allocations and funders. */
  BUDGET_READ: 'budget:read',
  /** Counts and sums that never name a person. */
  AGGREGATES_READ: 'aggregates:read',
  /** The read audit: who read which person's record. */
  AUDIT_READ: 'audit:read',
  /** Registering and updating residents. */
  WORKERS_WRITE: 'workers:write',
  /** Enrolling workers, recording premiums, adding heirs and filing claims. */
  MEMBERSHIP_WRITE: 'membership:write',
  /** The insurer's second pair of eyes: verifying heirs and paying claims someone else filed. */
  CLAIMS_APPROVE: 'claims:approve',
  /** Creating and amending APBD allocations. */
  BUDGET_WRITE: 'budget:write',
  /** Reading the schema itself (introspection), e.g. from Apollo Sandbox against production: staff only. */
  SCHEMA_READ: 'schema:read',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];
export const ALL_SCOPES: Scope[] = Object.values(Scope);

export interface RoleDefinition {
  agency: string;
  scopes: Scope[];
  /** What the role sees, as the README's roles table says it. */
  sees: string;
  /** Limited to the villages its token lists. */
  villageScoped?: boolean;
}

export const ROLES = {
  'population-officer': {
    agency: 'Dinas Kependudukan dan Pencatatan Sipil Kota Ambon',
    scopes: [
      Scope.WORKERS_READ,
      Scope.PERSONAL_DATA_READ,
      Scope.ALL_VILLAGES,
      Scope.COVERAGE_READ,
      Scope.BUDGET_READ,
      Scope.AGGREGATES_READ,
      Scope.WORKERS_WRITE,
      Scope.SCHEMA_READ,
    ],
    sees: 'every resident in clear, their coverage and who funds it, all aggregates',
  },
  'budget-officer': {
    agency: 'Badan Pengelolaan Keuangan dan Aset Daerah Kota Ambon',
    scopes: [
      Scope.BUDGET_READ,
      Scope.AGGREGATES_READ,
      Scope.COVERAGE_READ,
      Scope.WORKERS_READ,
      Scope.ALL_VILLAGES,
      Scope.BUDGET_WRITE,
      Scope.SCHEMA_READ,
    ],
    sees: 'allocations, the cards they fund, aggregates; workers only masked',
  },
  'insurer-officer': {
    agency: 'BPJS Ketenagakerjaan Cabang Ambon',
    scopes: [
      Scope.COVERAGE_READ,
      Scope.WORKERS_READ,
      Scope.PERSONAL_DATA_READ,
      Scope.ALL_VILLAGES,
      Scope.BUDGET_READ,
      Scope.AGGREGATES_READ,
      Scope.MEMBERSHIP_WRITE,
      Scope.CLAIMS_APPROVE,
      Scope.SCHEMA_READ,
    ],
    sees: 'every member and card in clear, coverage, funding, aggregates',
  },
  'outreach-officer': {
    agency: 'Tim Pendamping Kota Ambon',
    scopes: [
      Scope.WORKERS_READ,
      Scope.PERSONAL_DATA_READ,
      Scope.COVERAGE_READ,
      Scope.WORKERS_WRITE,
      Scope.MEMBERSHIP_WRITE,
      Scope.SCHEMA_READ,
    ],
    sees: 'residents and cards of the assigned villages only, in clear',
    villageScoped: true,
  },
  'partner-agency': {
    agency: 'partner agency',
    // Any NIK the partner already holds may be checked, hence every village; all it learns is a status.
    scopes: [Scope.COVERAGE_STATUS_READ, Scope.ALL_VILLAGES],
    sees: 'whether a NIK is covered (masked NIK, KPJ, card status); nothing else',
  },
  analyst: {
    agency: 'Bappeda Kota Ambon',
    scopes: [Scope.AGGREGATES_READ, Scope.BUDGET_READ, Scope.SCHEMA_READ],
    sees: 'regions, allocations, counts and sums; no person-level field at all',
  },
  auditor: {
    agency: 'Inspektorat Kota Ambon',
    scopes: [Scope.AUDIT_READ, Scope.AGGREGATES_READ, Scope.SCHEMA_READ],
    sees: 'the read audit (who read whose record, when, in which operation), aggregates',
  },
} satisfies Record<string, RoleDefinition>;
export type Role = keyof typeof ROLES;
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** The scopes a token's roles grant; unknown role names grant nothing. */
export function scopesOfRoles(roles: readonly string[]): Scope[] {
  const granted = new Set<Scope>();
  for (const role of roles)
    for (const scope of (ROLES as Record<string, RoleDefinition>)[role]?.scopes ?? []) granted.add(scope);
  return [...granted];
}

/** `alternatives` is OR-of-AND, as in `@requiresScopes`: [[a, b], [c]] means (a and b) or c. */
export function satisfies(granted: ReadonlySet<string>, alternatives: readonly (readonly string[])[]): boolean {
  return alternatives.some((all) => all.every((scope) => granted.has(scope)));
}
