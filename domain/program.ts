import { registerEnumType } from 'type-graphql';

/** BPJS Ketenagakerjaan programs a payer can fund. */
export enum Program {
  JKK = 'JKK',
  JKM = 'JKM',
  JHT = 'JHT',
  JP = 'JP',
  JKP = 'JKP',
}

registerEnumType(Program, {
  name: 'Program',
  description: 'BPJS Ketenagakerjaan programs.',
  valuesConfig: {
    JKK: { description: 'Jaminan Kecelakaan Kerja: work-accident insurance.' },
    JKM: { description: 'Jaminan Kematian: death benefit insurance.' },
    JHT: { description: 'Jaminan Hari Tua: old-age savings.' },
    JP: { description: 'Jaminan Pensiun: pension.' },
    JKP: { description: 'Jaminan Kehilangan Pekerjaan: job-loss insurance.' },
  },
});
