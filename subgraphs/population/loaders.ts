/**
 * The population subgraph's request-scoped loaders: every entity and list field reads
 * through these, so a request's SQL count does not grow with the rows it returns.
 */
import { DataSource, In } from 'typeorm';
import { Caller } from '../shared/caller';
import { loaderByKey, loaderOfGroups, loaderWithArguments } from '../shared/loaders';
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

export function createLoaders(db: DataSource, caller: Caller) {
  const workers = db.getRepository(Worker);
  return {
    /** The persons this request read, written to the read audit before the response leaves. */
    personReads: new PersonReadRecorder(db, caller),
    provinceByCode: loaderByKey((codes: string[]) => db.getRepository(Province).findBy({ code: In(codes) }), (p) => p.code),
    regencyByCode: loaderByKey((codes: string[]) => db.getRepository(Regency).findBy({ code: In(codes) }), (r) => r.code),
    districtByCode: loaderByKey((codes: string[]) => db.getRepository(District).findBy({ code: In(codes) }), (d) => d.code),
    villageByCode: loaderByKey((codes: string[]) => db.getRepository(Village).findBy({ code: In(codes) }), (v) => v.code),
    districtsOfRegency: loaderOfGroups(
      (codes: string[]) => db.getRepository(District).find({ where: { regencyCode: In(codes) }, order: { code: 'ASC' } }),
      (d) => d.regencyCode,
    ),
    villagesOfDistrict: loaderOfGroups(
      (codes: string[]) => db.getRepository(Village).find({ where: { districtCode: In(codes) }, order: { code: 'ASC' } }),
      (v) => v.districtCode,
    ),
    workerByNik: loaderByKey((niks: string[]) => workers.findBy({ nik: In(niks) }), (w) => w.nik),
    workerCountOfVillage: loaderByKey(
      async (codes: string[]) =>
        (await db.query('SELECT village_code, count(*)::int AS count FROM worker WHERE village_code = ANY($1) GROUP BY village_code', [codes])) as {
          village_code: string;
          count: number;
        }[],
      (row) => row.village_code,
    ),
    /** A page of each village's roster; villages asked with the same page arguments share one statement. */
    rosterOfVillage: loaderWithArguments<RosterKey, Worker[]>(async (keys) => {
      const pageKey = (villageCode: string, first: number, after: string | null) => `${villageCode}|${first}|${after ?? ''}`;
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
    }, (k) => `${k.villageCode}|${k.first}|${k.after ?? ''}`),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
