/**
 * Personal data in the sense of UU 27/2022, as the supergraph marks it: `@tag(name:
 * "personal-data/<kind>")`. Subgraphs write the mark (`@PersonalData` in access.ts); the gateway
 * reads it to mask values, without loading the subgraphs' schema-building code.
 */
export type PersonalDataKind = 'nik' | 'name' | 'date';
export const PERSONAL_DATA_TAG = 'personal-data';
