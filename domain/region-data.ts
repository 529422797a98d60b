/**
 * Kemendagri's region codes as shipped by the `idn-area-data` package (CSV files). The package
 * itself is ESM-only with an async API; reading its CSVs directly keeps start-up synchronous
 * and lets the loader stream rows straight into bulk inserts.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

export interface RegionRows {
  provinces: { code: string; name: string }[];
  regencies: { code: string; province_code: string; name: string }[];
  districts: { code: string; regency_code: string; name: string }[];
  villages: { code: string; district_code: string; name: string }[];
}

const dataDir = () => path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');

function readCsv<T>(file: string): T[] {
  const text = fs.readFileSync(path.join(dataDir(), file), 'utf8');
  const parsed = Papa.parse<T>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`idn-area-data ${file}: ${parsed.errors[0].message}`);
  return parsed.data;
}

export function readRegions(): RegionRows {
  return {
    provinces: readCsv('provinces.csv'),
    regencies: readCsv('regencies.csv'),
    districts: readCsv('districts.csv'),
    villages: readCsv('villages.csv'),
  };
}

export const AMBON_REGENCY_CODE = '81.71';

export function readAmbonVillages(): RegionRows['villages'] {
  return readCsv<RegionRows['villages'][number]>('villages.csv').filter((v) =>
    v.district_code.startsWith(`${AMBON_REGENCY_CODE}.`),
  );
}

/**
 * The largest counts in Kemendagri's table, which bound the region lists that are not paged (a
 * regency's districts, a district's villages) for the gateway's operation cost. Measured from the
 * data above; test/operation-cost.test.ts fails if the data outgrows them.
 */
export const REGION_BOUNDS = {
  districtsPerRegency: 51,
  villagesPerDistrict: 108,
  villagesPerRegency: 852,
} as const;
