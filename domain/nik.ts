/**
 * NIK (Nomor Induk Kependudukan), the national identity number: 16 digits =
 * province(2) regency(2) district(2) of registration + birth date DDMMYY (women add 40 to DD)
 * + a 4-digit serial. There is no checksum, so "valid" means well-formed with a real date;
 * whether the district exists is a question for the region table (population subgraph).
 */
import { isIsoDate } from '../platform/scalars';

export type Sex = 'MALE' | 'FEMALE';

export interface ParsedNik {
  nik: string;
  /** Kemendagri district code of registration, e.g. "81.71.02". */
  districtCode: string;
  birthDate: string;
  sex: Sex;
  serial: string;
}

export type NikCheck = { ok: true; value: ParsedNik } | { ok: false; reason: string };

/** Two-digit years at or below this year's are read as 20YY, the rest as 19YY. */
function fullYear(twoDigits: number, today: Date): number {
  const thisYear = today.getUTCFullYear() % 100;
  return twoDigits <= thisYear ? 2000 + twoDigits : 1900 + twoDigits;
}

export function parseNik(input: string, today: Date = new Date()): NikCheck {
  if (typeof input !== 'string' || !/^\d{16}$/.test(input)) {
    return { ok: false, reason: 'a NIK is exactly 16 digits' };
  }
  const day = Number(input.slice(6, 8));
  const month = input.slice(8, 10);
  const year = fullYear(Number(input.slice(10, 12)), today);
  const sex: Sex = day > 40 ? 'FEMALE' : 'MALE';
  const birthDate = `${year}-${month}-${String(sex === 'FEMALE' ? day - 40 : day).padStart(2, '0')}`;
  if (!isIsoDate(birthDate))
    return { ok: false, reason: `digits 7-12 (${input.slice(6, 12)}) are not a real birth date` };
  if (birthDate > today.toISOString().slice(0, 10))
    return { ok: false, reason: `the birth date ${birthDate} is in the future` };
  const serial = input.slice(12);
  if (serial === '0000') return { ok: false, reason: 'the serial (last 4 digits) cannot be 0000' };
  const districtCode = `${input.slice(0, 2)}.${input.slice(2, 4)}.${input.slice(4, 6)}`;
  return { ok: true, value: { nik: input, districtCode, birthDate, sex, serial } };
}

/** Builds the NIK of a person: the inverse of parseNik, used by the seed and by tests. */
export function composeNik(districtCode: string, birthDate: string, sex: Sex, serial: number): string {
  const [year, month, day] = birthDate.split('-');
  const dd = String(Number(day) + (sex === 'FEMALE' ? 40 : 0)).padStart(2, '0');
  return `${districtCode.replace(/\./g, '')}${dd}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}

/** Shows the region and serial but hides the birth date, e.g. "8171********0003". */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 4)}********${nik.slice(12)}` : '****************';
}
