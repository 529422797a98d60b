/**
 * The seed story, told identically by each owner: Ambon's 25,000 informal workers, the
 * APBD 2020 allocation funding the first 10,000 and APBD 2021 renewing them plus 15,000 more.
 * Each subgraph seeds only its own records from it (population the residents, budget the
 * allocations, membership the cards), so nobody reads another's tables. Everything derives
 * from one fixed seed: the same run on any machine yields the same NIKs, names and cards.
 */
import { composeNik, Sex } from './nik';
import { readAmbonVillages } from './region-data';

export const STORY_SEED = 342020;
export const PREMIUM_PER_WORKER_MONTH = { JKK: 10_000, JKM: 6_800 } as const;
export const MONTHLY_PREMIUM = PREMIUM_PER_WORKER_MONTH.JKK + PREMIUM_PER_WORKER_MONTH.JKM;

export const CITY_FUNDER = { id: '81.71', name: 'Pemerintah Kota Ambon', regencyCode: '81.71' } as const;

export interface StoryAllocation {
  id: string;
  fiscalYear: number;
  legalBasis: string;
  /** Workers [0, workers) of the story are funded by this allocation. */
  workers: number;
  validFrom: string;
  validUntil: string;
  months: number;
}

export const STORY_ALLOCATIONS: StoryAllocation[] = [
  {
    id: '81.71-2020-01',
    fiscalYear: 2020,
    legalBasis: 'Peraturan Walikota Ambon Nomor 34A Tahun 2020',
    workers: 10_000,
    validFrom: '2020-01-01',
    validUntil: '2020-12-31',
    months: 12,
  },
  {
    id: '81.71-2021-01',
    fiscalYear: 2021,
    legalBasis: 'Peraturan Walikota Ambon Nomor 34A Tahun 2020; Instruksi Presiden Nomor 2 Tahun 2021',
    workers: 25_000,
    validFrom: '2021-01-01',
    validUntil: '2021-12-31',
    months: 12,
  },
];

export const allocationCeiling = (allocation: StoryAllocation) => allocation.workers * MONTHLY_PREMIUM * allocation.months;

export interface StoryWorker {
  index: number;
  nik: string;
  fullName: string;
  birthDate: string;
  sex: Sex;
  occupation: string;
  villageCode: string;
  kpj: string;
}

/** mulberry32: tiny, fast and deterministic; quality is ample for plausible test data. */
export function randomGenerator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MALE_NAMES = ['Yohanis', 'Abdul', 'Marthen', 'Muhammad', 'Samuel', 'Ahmad', 'Johanis', 'Ismail', 'Daniel', 'Hasan', 'Frans', 'Rizal', 'Petrus', 'Husein', 'Melky', 'Salim', 'Jacob', 'Rusdi', 'Stevanus', 'Umar'];
export const FEMALE_NAMES = ['Maria', 'Siti', 'Yuliana', 'Fatima', 'Christina', 'Nurhayati', 'Magdalena', 'Aisyah', 'Elisabeth', 'Hadija', 'Agustina', 'Rahma', 'Veronika', 'Salma', 'Theresia', 'Zainab', 'Novita', 'Halima', 'Grace', 'Nurul'];
export const FAMILY_NAMES = ['Latuconsina', 'Pattimura', 'Tuhumury', 'Sahetapy', 'Matulessy', 'Pattinasarany', 'Lewerissa', 'Wattimena', 'Souisa', 'Sopacua', 'Tehupeiory', 'Latupeirissa', 'Ohorella', 'Marasabessy', 'Tuasikal', 'Pelupessy', 'Leiwakabessy', 'Manuhutu', 'Sialana', 'Pesulima', 'Tanasale', 'Nanlohy', 'Hehanussa', 'Lekransy', 'Waliulu'];
export const OCCUPATIONS = ['Nelayan', 'Pedagang pasar', 'Tukang ojek', 'Buruh pelabuhan', 'Petani', 'Sopir angkot', 'Penjual ikan', 'Tukang bangunan', 'Pengrajin', 'Pekerja rumah tangga'];

export const STORY_WORKERS = 25_000;

let cached: StoryWorker[] | undefined;

export function storyWorkers(): StoryWorker[] {
  if (cached) return cached;
  const random = randomGenerator(STORY_SEED);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const villages = readAmbonVillages().sort((a, b) => a.code.localeCompare(b.code));
  const districts = [...new Set(villages.map((v) => v.district_code))];
  // Uneven village sizes, as in life: the busiest neighbourhoods hold several times the quietest.
  const weights = villages.map(() => 0.3 + 2.2 * random() ** 2);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cumulative = weights.map(((sum) => (w: number) => (sum += w / total))(0));
  const serials = new Map<string, number>();
  const workers: StoryWorker[] = [];
  for (let index = 0; index < STORY_WORKERS; index++) {
    const draw = random();
    const village = villages[Math.max(0, cumulative.findIndex((c) => draw <= c))];
    const sex: Sex = random() < 0.5 ? 'MALE' : 'FEMALE';
    const birth = new Date(Date.UTC(1961, 0, 1) + Math.floor(random() * 42 * 365.25) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    // Most registered their NIK where they live; some moved within the city since.
    const registeredIn = random() < 0.8 ? village.district_code : pick(districts);
    const serialKey = `${registeredIn}|${birthDate}|${sex}`;
    const serial = (serials.get(serialKey) ?? 0) + 1;
    serials.set(serialKey, serial);
    workers.push({
      index,
      nik: composeNik(registeredIn, birthDate, sex, serial),
      fullName: `${pick(sex === 'MALE' ? MALE_NAMES : FEMALE_NAMES)} ${pick(FAMILY_NAMES)}`,
      birthDate,
      sex,
      occupation: pick(OCCUPATIONS),
      villageCode: village.code,
      kpj: `20${String(index + 1).padStart(9, '0')}`,
    });
  }
  cached = workers;
  return workers;
}
