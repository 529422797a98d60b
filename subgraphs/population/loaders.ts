/**
 * The population subgraph's request-scoped loaders: every entity and list field reads
 * through these, so a request's SQL count does not grow with the rows it returns.
 */
import { DataSource, In } from 'typeorm';
import { preparedQuery } from '../../platform/database';
import { Caller } from '../../contract/caller';
import { loaderByKey, loaderOfGroups, loaderWithArguments } from '../../platform/loaders';
import { AreaLevel, areaLevelOf, inArea } from '../../domain/areas';
import { PersonReadRecorder } from './audit/person-read-recorder';
import { District, Province, Regency, Village } from './regions/region';
import { Worker } from './workers/worker';

interface RosterRow {
  nik: string;
  full_name: string;
  birth_date: string;
  sex: Worker['sex'];
  occupation: string;
  village_code: string;
}

export interface RosterKey {
  villageCode: string;
  first: number;
  after: string | null;
}

interface WorkerWithPlaceRow {
  nik: string;
  full_name: string;
  birth_date: string;
  sex: Worker['sex'];
  occupation: string;
  village_code: string;
  village_name: string;
  district_code: string;
  district_name: string;
  regency_code: string;
}

export function createLoaders(db: DataSource, caller: Caller) {
  const workers = db.getRepository(Worker);
  const loaders = {
    /** The persons this request read, written to the read audit before the response leaves. */
    personReads: new PersonReadRecorder(db, caller),
    provinceByCode: loaderByKey(
      (codes: string[]) => db.getRepository(Province).findBy({ code: In(codes) }),
      (p) => p.code,
    ),
    regencyByCode: loaderByKey(
      (codes: string[]) => db.getRepository(Regency).findBy({ code: In(codes) }),
      (r) => r.code,
    ),
    districtByCode: loaderByKey(
      (codes: string[]) => db.getRepository(District).findBy({ code: In(codes) }),
      (d) => d.code,
    ),
    villageByCode: loaderByKey(
      (codes: string[]) => db.getRepository(Village).findBy({ code: In(codes) }),
      (v) => v.code,
    ),
    districtsOfRegency: loaderOfGroups(
      (codes: string[]) =>
        db.getRepository(District).find({ where: { regencyCode: In(codes) }, order: { code: 'ASC' } }),
      (d) => d.regencyCode,
    ),
    villagesOfDistrict: loaderOfGroups(
      (codes: string[]) =>
        db.getRepository(Village).find({ where: { districtCode: In(codes) }, order: { code: 'ASC' } }),
      (v) => v.districtCode,
    ),
    /**
     * A worker is nearly always asked with the village and district (the contract query), so
     * one join fetches all three and primes the village and district loaders: one round trip
     * instead of three. The NIKs are cast to char(16)[] so the primary key index is used.
     */
    workerByNik: loaderByKey(
      async (niks: string[]) => {
        const rows = await preparedQuery<WorkerWithPlaceRow>(
          db,
          'worker_with_place_by_nik',
          `SELECT w.nik, w.full_name, w.birth_date, w.sex, w.occupation, w.village_code,
                v.name AS village_name, v.district_code, d.name AS district_name, d.regency_code
         FROM worker w JOIN village v ON v.code = w.village_code JOIN district d ON d.code = v.district_code
         WHERE w.nik = ANY($1::char(16)[])`,
          [niks],
        );
        return rows.map((row) => {
          loaders.villageByCode.prime(
            row.village_code,
            Object.assign(new Village(), {
              code: row.village_code,
              name: row.village_name,
              districtCode: row.district_code,
            }),
          );
          loaders.districtByCode.prime(
            row.district_code,
            Object.assign(new District(), {
              code: row.district_code,
              name: row.district_name,
              regencyCode: row.regency_code,
            }),
          );
          return workers.create({
            nik: row.nik,
            fullName: row.full_name,
            birthDate: row.birth_date,
            sex: row.sex,
            occupation: row.occupation,
            villageCode: row.village_code,
          });
        });
      },
      (w) => w.nik,
    ),
    workerCountOfVillage: loaderByKey(
      async (codes: string[]) =>
        (await db.query(
          'SELECT village_code, count(*)::int AS count FROM worker WHERE village_code = ANY($1) GROUP BY village_code',
          [codes],
        )) as {
          village_code: string;
          count: number;
        }[],
      (row) => row.village_code,
    ),
    /**
     * Workers registered in an area by the end of a day in Ambon: one statement per area level,
     * each area and day an index-range count (see the registered-by-area migration).
     */
    registeredInArea: loaderWithArguments<{ key: string; asOf: string }, number>(
      async (keys) => {
        const counts = new Map<string, number>();
        const byLevel = new Map<AreaLevel, { key: string; asOf: string }[]>();
        for (const key of keys) byLevel.set(areaLevelOf(key.key), [...(byLevel.get(areaLevelOf(key.key)) ?? []), key]);
        for (const [level, group] of byLevel) {
          const rows = await preparedQuery<{ area: string; day: string; workers: number }>(
            db,
            `registered_in_${level}`,
            `SELECT k.area, k.day::text AS day,
             (SELECT count(*)::int FROM worker w WHERE ${inArea(level, 'w.village_code', 'k.area')}
                AND w.registered_at < ((k.day + 1)::timestamp AT TIME ZONE 'Asia/Jayapura')) AS workers
           FROM unnest($1::text[], $2::date[]) AS k(area, day)`,
            [group.map((k) => k.key), group.map((k) => k.asOf)],
          );
          for (const row of rows) counts.set(`${row.area}|${row.day}`, row.workers);
        }
        return keys.map((k) => counts.get(`${k.key}|${k.asOf}`) ?? 0);
      },
      (k) => `${k.key}|${k.asOf}`,
    ),
    /** A page of each village's roster; villages asked with the same page arguments share one statement. */
    rosterOfVillage: loaderWithArguments<RosterKey, Worker[]>(
      async (keys) => {
        const pageKey = (villageCode: string, first: number, after: string | null) =>
          `${villageCode}|${first}|${after ?? ''}`;
        const byArguments = new Map<string, RosterKey[]>();
        for (const key of keys) {
          const group = pageKey('', key.first, key.after);
          const members = byArguments.get(group);
          if (members) members.push(key);
          else byArguments.set(group, [key]);
        }
        const pages = new Map<string, Worker[]>();
        for (const group of byArguments.values()) {
          const { first, after } = group[0];
          const rows: RosterRow[] = await db.query(
            `SELECT nik, full_name, birth_date, sex, occupation, village_code FROM (
             SELECT w.*, row_number() OVER (PARTITION BY village_code ORDER BY nik) AS rank
             FROM worker w WHERE village_code = ANY($1) AND ($2::char(16) IS NULL OR nik > $2)
           ) ranked WHERE rank <= $3 ORDER BY village_code, nik`,
            [group.map((k) => k.villageCode), after, first + 1],
          );
          for (const row of rows) {
            const worker = workers.create({
              nik: row.nik,
              fullName: row.full_name,
              birthDate: row.birth_date,
              sex: row.sex,
              occupation: row.occupation,
              villageCode: row.village_code,
            });
            const key = pageKey(row.village_code, first, after);
            const page = pages.get(key);
            if (page) page.push(worker);
            else pages.set(key, [worker]);
          }
        }
        return keys.map((k) => pages.get(pageKey(k.villageCode, k.first, k.after)) ?? []);
      },
      (k) => `${k.villageCode}|${k.first}|${k.after ?? ''}`,
    ),
  };
  return loaders;
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
