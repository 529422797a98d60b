/**
 * Scalars every subgraph shares, defined once so the composed graph sees identical types.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors';

/**
 * Integer rupiah. GraphQL's Int is 32-bit and a city budget is not (25,000 workers for a year
 * is Rp 5,040,000,000), so money travels as a JSON number that is exact up to 2^53 - 1
 * (about 9 quadrillion rupiah, above any Indonesian budget) and is refused beyond.
 * PostgreSQL stores it as bigint, which node-postgres returns as a string: both are accepted.
 */
export const RupiahScalar = new GraphQLScalarType<number, number>({
  name: 'Rupiah',
  description: 'An amount of money in whole Indonesian rupiah (64-bit safe integer, exact up to 2^53-1).',
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
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseRupiah(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
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
  description: 'A calendar date, YYYY-MM-DD.',
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
export function todayInAmbon(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jayapura' }).format(now);
}
