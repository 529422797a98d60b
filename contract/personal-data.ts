/**
 * Personal data in the sense of UU 27/2022, as the supergraph marks it: `@tag(name:
 * "personal-data/<kind>")`. Subgraphs write the mark (`@PersonalData` in access.ts); the gateway
 * reads it to mask values, without loading the subgraphs' schema-building code.
 */
import { maskNik } from '../domain/nik';

export type PersonalDataKind = 'nik' | 'name' | 'date' | 'full' | 'partial';
export const PERSONAL_DATA_TAG = 'personal-data';
/**
 * `@tag(name: "personal-data/none")`: an owner's explicit decision that a field says nothing about
 * a person (a count, an opaque id). `npm run check` wants a decision, either way, on every field a
 * partner adds where a Worker can reach it, and lists the fields declared not personal.
 */
export const NOT_PERSONAL = 'none';

/** The person every read of personal data is recorded against, by its key, the NIK. */
export const PERSON_TYPE = 'Worker';
/**
 * Population records reads of its own record; membership has population record the NIKs it hands
 * out (holder-reads.ts). Every other subgraph's marked fields are audited by the gateway
 * (gateway/partner-audit/partner-read-audit.ts).
 */
export const SUBGRAPHS_WITH_THEIR_OWN_READ_AUDIT: ReadonlySet<string> = new Set(['population', 'membership']);

/**
 * The owners the federation was built around: the city's population and budget offices and the
 * work-accident insurer. Every other subgraph is a partner's (health, BPJS Kesehatan's, included,
 * though its example code lives here): it decides, field by field, what is personal data, and it
 * learns only as much of the caller as its own fields need (gateway/caller-forwarding).
 */
export const CORE_SUBGRAPHS: ReadonlySet<string> = new Set(['population', 'budget', 'membership']);

/** How each kind is shown to a caller without `personal-data:read`, on every view alike. */
export const PERSONAL_DATA_MASKS: Record<PersonalDataKind, (value: string) => string> = {
  nik: maskNik,
  // "Maria Latuconsina" -> "M**** L**********": enough to tell two records apart on a screen, not to name anyone.
  name: (value) => value.replace(/\S+/g, (word) => word[0] + '*'.repeat(word.length - 1)),
  date: () => '****-**-**',
  // Any other field a partner marks: text and enum values hidden whole, or all but their ends.
  full: () => '****',
  partial: (value) =>
    value.length <= 2
      ? '*'.repeat(value.length)
      : `${value[0]}${'*'.repeat(value.length - 2)}${value[value.length - 1]}`,
};

/** Record fields, as audit snapshots name them, that hold a person's name or birth date. */
const PERSONAL_KEYS: Record<string, PersonalDataKind> = { fullName: 'name', birthDate: 'date' };
const NIK_SHAPED = /^\d{16}$/;

/**
 * Masks a recorded value (an audit entry's old or new record, its entity id) for a caller
 * without `personal-data:read`: names and birth dates by their keys, and any NIK wherever it
 * appears, since a record may carry a NIK under any name (a card's holder, a worker's key).
 */
export function maskRecordedValue(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    const kind = key ? PERSONAL_KEYS[key] : undefined;
    if (kind) return PERSONAL_DATA_MASKS[kind](value);
    return NIK_SHAPED.test(value) ? maskNik(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => maskRecordedValue(item));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskRecordedValue(v, k)]));
  return value;
}
