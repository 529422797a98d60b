/**
 * Areas an aggregate counts over, named by their Kemendagri code: a regency or city ("81.71"),
 * a district ("81.71.02") or a village ("81.71.02.1001"). The code's length says the level, and
 * every owner keeps an index on the matching prefix of its rows' village code, so an area's
 * totals read only that area's rows.
 */
import { registerEnumType } from 'type-graphql';
import { badInput } from '../platform/errors';

export type AreaLevel = 'regency' | 'district' | 'village';
export const AREA_CODE_LENGTH: Record<AreaLevel, number> = { regency: 5, district: 8, village: 13 };

const AREA_CODE = /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/;

/** The level of an area code; BAD_USER_INPUT for anything that is not one. */
export function areaLevelOf(code: string): AreaLevel {
  if (!AREA_CODE.test(code)) {
    throw badInput(
      `"${code}" is not the Kemendagri code of a regency (81.71), district (81.71.02) or village (81.71.02.1001).`,
      { argument: 'areaCode' },
    );
  }
  return code.length === 5 ? 'regency' : code.length === 8 ? 'district' : 'village';
}

/** The SQL condition that a row's `column` (a village code) lies in an area of `level`, the code being `param`. */
export function inArea(level: AreaLevel, column: string, param: string): string {
  return level === 'village' ? `${column} = ${param}` : `left(${column}, ${AREA_CODE_LENGTH[level]}) = ${param}`;
}

export enum SeriesInterval {
  DAY = 'DAY',
  MONTH = 'MONTH',
}
registerEnumType(SeriesInterval, {
  name: 'SeriesInterval',
  description: 'How far apart the points of a series are.',
  valuesConfig: {
    DAY: { description: 'One point a day.' },
    MONTH: { description: "One point a month, on the month's last day (or the series' last day, if earlier)." },
  },
});

/** The longest series answered at once: a year of days, ten years of months. */
export const MAX_SERIES_POINTS: Record<SeriesInterval, number> = { DAY: 366, MONTH: 120 };

const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The days a series measures, oldest first; BAD_USER_INPUT for a reversed or overlong range. */
export function seriesDays(from: string, until: string, interval: SeriesInterval): string[] {
  if (until < from)
    throw badInput(`The series ends (${until}) before it starts (${from}).`, {
      argument: 'until',
      reason: 'IMPOSSIBLE_PERIOD',
    });
  const days: string[] = [];
  if (interval === SeriesInterval.DAY) {
    for (let day = dayNumber(from); day <= dayNumber(until); day++) days.push(isoOf(day));
  } else {
    let year = Number(from.slice(0, 4));
    let month = Number(from.slice(5, 7));
    for (;;) {
      const lastDay = isoOf(Date.UTC(year, month, 0) / 86_400_000);
      if (lastDay >= until) {
        days.push(until);
        break;
      }
      days.push(lastDay);
      if (days.length > MAX_SERIES_POINTS[interval]) break;
      month += 1;
      if (month > 12) [year, month] = [year + 1, 1];
    }
  }
  if (days.length > MAX_SERIES_POINTS[interval]) {
    throw badInput(
      `A series by ${interval.toLowerCase()} has at most ${MAX_SERIES_POINTS[interval]} points; ask for a shorter range.`,
      { argument: 'until' },
    );
  }
  return days;
}
