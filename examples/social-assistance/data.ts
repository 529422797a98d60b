/** Dinas Sosial's own records, by NIK: in a real service, its database. */
export interface AssistanceRecord {
  programme: 'PKH' | 'BPNT' | 'BLT_DD';
  since: string;
  /** Where the household lives, for the village rule of outreach officers. */
  villageCode: string;
}

export const ASSISTANCE = new Map<string, AssistanceRecord>([
  ['8171056606880001', { programme: 'PKH', since: '2021-03', villageCode: '81.71.05.2005' }],
  ['8171016401700001', { programme: 'BPNT', since: '2020-11', villageCode: '81.71.01.2003' }],
]);
