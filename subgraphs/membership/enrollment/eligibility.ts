/**
 * Who may be covered: a worker must be of the insurer's minimum age on the first day of cover.
 * The birth date is read from the NIK, which carries it (digits 7-12).
 */
import { conflict } from '../../../platform/errors';
import { maskNik, parseNik } from '../../../domain/nik';
import { MINIMUM_AGE } from '../../../domain/seed-story';

export { MINIMUM_AGE };

/** The day the worker turns the minimum age, or null when the NIK is not valid. */
export function adultFrom(nik: string): string | null {
  const check = parseNik(nik);
  if (!check.ok) return null;
  return `${Number(check.value.birthDate.slice(0, 4)) + MINIMUM_AGE}${check.value.birthDate.slice(4)}`;
}

export const isOfMinimumAge = (nik: string, firstDayOfCover: string) => {
  const from = adultFrom(nik);
  return from != null && from <= firstDayOfCover;
};

export function requireMinimumAge(nik: string, firstDayOfCover: string) {
  if (!isOfMinimumAge(nik, firstDayOfCover)) {
    throw conflict(
      `The worker with NIK ${maskNik(nik)} is under ${MINIMUM_AGE} on ${firstDayOfCover}, the first day of cover.`,
      { reason: 'UNDER_MINIMUM_AGE' },
    );
  }
}
