/** Medians, ratios and plain-text tables: what every benchmark prints. */

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
export const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '-');
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '-');

export function table(title: string, headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [`\n### ${title}\n`, line(headers), rule, ...cells.slice(1).map(line)].join('\n');
}

/** A target met or not, for the closing summary. */
export interface Verdict {
  target: string;
  figure: string;
  met: boolean;
}

export function verdicts(items: Verdict[]): string {
  return table(
    'Targets',
    ['target', 'measured', 'met'],
    items.map((v) => [v.target, v.figure, v.met ? 'yes' : 'NO']),
  );
}
