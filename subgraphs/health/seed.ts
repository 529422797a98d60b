/**
 * Seeds BPJS Kesehatan's side of the story: most of Ambon's 25,000 informal workers hold a JKN
 * card, subsidised by the city (PBI APBD) or the state (PBI APBN), or paying for themselves
 * (PBPU), some of whom are in arrears; one in ten has no card. The split is fixed by the worker's
 * place in the story, so every run seeds the same records.
 */
import { bulkInsert, progressLogger } from '../../platform/bulk';
import { StoryWorker, storyWorkers } from '../../domain/seed-story';
import { Seeder } from '../kit/subgraph';
import { JknSegment, JknStatus } from './jkn/jkn-membership';

export interface StoryJknMembership {
  worker: StoryWorker;
  cardNumber: string;
  segment: JknSegment;
  status: JknStatus;
  careClass: number;
  registeredOn: string;
}

export function storyJknMembership(worker: StoryWorker): StoryJknMembership | null {
  const tenth = worker.index % 10;
  if (tenth === 9) return null;
  const segment = tenth <= 2 ? JknSegment.PBI_APBD : tenth <= 4 ? JknSegment.PBI_APBN : JknSegment.PBPU;
  const selfPaying = segment === JknSegment.PBPU;
  return {
    worker,
    cardNumber: `0001${String(worker.index + 1).padStart(9, '0')}`,
    segment,
    // A third of the self-paying fall behind on their contributions.
    status: selfPaying && Math.floor(worker.index / 10) % 3 === 0 ? JknStatus.INACTIVE : JknStatus.ACTIVE,
    careClass: selfPaying ? 1 + (worker.index % 3) : 3,
    registeredOn: selfPaying ? '2019-07-01' : '2018-01-01',
  };
}

export const seedHealth: Seeder = async (db, log) => {
  const memberships = storyWorkers()
    .map(storyJknMembership)
    .filter((m): m is StoryJknMembership => m !== null);
  const [{ present }] = await db.query('SELECT count(*)::int AS present FROM jkn_membership');
  if (present >= memberships.length) return log('seed already present, nothing to do');
  const started = Date.now();
  await db.transaction((tx) =>
    bulkInsert(
      tx,
      'jkn_membership',
      [
        { name: 'card_number', type: 'text[]', value: (m) => m.cardNumber },
        { name: 'nik', type: 'text[]', value: (m) => m.worker.nik },
        { name: 'status', type: 'text[]', value: (m) => m.status },
        { name: 'segment', type: 'text[]', value: (m) => m.segment },
        { name: 'care_class', type: 'smallint[]', value: (m) => m.careClass },
        { name: 'village_code', type: 'text[]', value: (m) => m.worker.villageCode },
        { name: 'registered_on', type: 'date[]', value: (m) => m.registeredOn },
      ],
      memberships,
      { onProgress: progressLogger(log, 'JKN memberships') },
    ),
  );
  log(`JKN memberships: ${memberships.length} in ${Date.now() - started} ms`);
};
