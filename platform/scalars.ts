/**
 * Scalars every subgraph shares, defined once so the composed graph sees identical types.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { badInput } from './errors';
import { serverNow } from './clock';

/** Where each scalar's format is specified (`specifiedByURL`, shown by introspection). */
export const SPECIFIED_BY = {
  Date: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  DateTime: 'https://scalars.graphql.org/andimarek/date-time',
  YearMonth: 'https://www.w3.org/TR/NOTE-datetime',
  Rupiah: 'https://www.iso.org/iso-4217-currency-codes.html',
  JSONObject: 'https://www.ecma-international.org/publications-and-standards/standards/ecma-404/',
} as const;

/** graphql-scalars' JSON object, naming ECMA-404 at its current (https) address. */
export const JSONObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  specifiedByURL: SPECIFIED_BY.JSONObject,
});

/**
 * Integer rupiah. GraphQL's Int is 32-bit and a city budget is not (25,000 workers for a year
 * is Rp 5,040,000,000), so money travels as a JSON number that is exact up to 2^53 - 1
 * (about 9 quadrillion rupiah, above any Indonesian budget) and is refused beyond.
 * PostgreSQL stores it as bigint, which node-postgres returns as a string: both are accepted.
 */
export const RupiahScalar = new GraphQLScalarType<number, number>({
  name: 'Rupiah',
  description:
    'An amount of money in whole Indonesian rupiah (currency IDR, no fractions): a JSON number exact up to 2^53-1; a numeric string is accepted as input.',
  specifiedByURL: SPECIFIED_BY.Rupiah,
  serialize(value) {
    const amount = typeof value === 'string' ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      throw new Error(`Rupiah cannot represent ${String(value)}`);
    }
    return amount;
  },
  parseValue(value) {
    return parseRupiah(value);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING)
      return parseRupiah(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw badInput('Rupiah must be a whole number of rupiah.');
  },
});

function parseRupiah(value: unknown): number {
  const amount = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw badInput(`Rupiah must be a whole number of rupiah, got ${JSON.stringify(value)}.`);
  }
  return amount;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw badInput(`Date must be a real calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** A calendar date without time or zone (coverage and fiscal years are whole days in WIT). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date without time or zone, YYYY-MM-DD (RFC 3339 full-date); impossible dates are refused.',
  specifiedByURL: SPECIFIED_BY.Date,
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && isIsoDate(value.slice(0, 10))) return value.slice(0, 10);
    throw new Error(`Date cannot represent ${String(value)}`);
  },
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string written YYYY-MM-DD.');
    return parseDate(ast.value);
  },
});

/** Today's date in Ambon (WIT, UTC+9), where coverage days begin and end. */
// Built once: constructing an Intl.DateTimeFormat costs about half a millisecond of CPU, which
// every card status and coverage read paid (12 % of membership's CPU in the headline's profile).
const AMBON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jayapura' });

export function todayInAmbon(now: Date = serverNow()): string {
  return AMBON_DAY.format(now);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function parseDateTime(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !DATE_TIME.test(value) ||
    !isIsoDate(value.slice(0, 10)) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw badInput(`DateTime must be an RFC 3339 instant such as 2021-06-30T08:15:00Z, got ${JSON.stringify(value)}.`);
  }
  return new Date(value).toISOString();
}

/** An instant: when something was recorded. Always answered in UTC with milliseconds. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, written as an RFC 3339 date-time in UTC, e.g. 2021-06-30T08:15:00.000Z.',
  specifiedByURL: SPECIFIED_BY.DateTime,
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    throw new Error(`DateTime cannot represent ${String(value)}`);
  },
  parseValue: parseDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string such as 2021-06-30T08:15:00Z.');
    return parseDateTime(ast.value);
  },
});

const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function parseYearMonth(value: unknown): string {
  if (typeof value !== 'string' || !YEAR_MONTH.test(value)) {
    throw badInput(`YearMonth must be a month written YYYY-MM, got ${JSON.stringify(value)}.`, {
      reason: 'IMPOSSIBLE_DATE',
    });
  }
  return value;
}

/** A calendar month, as premiums are due: one per month of coverage. */
export const YearMonthScalar = new GraphQLScalarType<string, string>({
  name: 'YearMonth',
  description: 'A calendar month, YYYY-MM (ISO 8601 year and month), e.g. 2021-06.',
  specifiedByURL: SPECIFIED_BY.YearMonth,
  serialize(value) {
    // Stored as the first day of the month.
    const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : '';
    if (YEAR_MONTH.test(text.slice(0, 7))) return text.slice(0, 7);
    throw new Error(`YearMonth cannot represent ${String(value)}`);
  },
  parseValue: parseYearMonth,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('YearMonth must be a string written YYYY-MM.');
    return parseYearMonth(ast.value);
  },
});
