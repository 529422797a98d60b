/** Each resolver checks the caller the gateway vouched for, as well as the gateway does. */
import type { VerifiedCaller } from '../partner-kit';
import { ASSISTANCE } from './data';

export interface Context {
  caller: VerifiedCaller;
}

export const resolvers = {
  Query: {
    assistanceRecipients(_: unknown, { programme }: { programme: string }, { caller }: Context) {
      caller.requireScopes('social-assistance:read');
      return [...ASSISTANCE]
        .filter(([, record]) => record.programme === programme && caller.seesVillage(record.villageCode))
        .map(([nik]) => ({ nik }))
        .sort((a, b) => a.nik.localeCompare(b.nik));
    },
  },
  Worker: {
    __resolveReference: (worker: { nik: string }) => worker,
    socialAssistance(worker: { nik: string }, _: unknown, { caller }: Context) {
      caller.requireScopes('social-assistance:read');
      const record = ASSISTANCE.get(worker.nik);
      if (!record) return null;
      caller.requireVillage(record.villageCode);
      return { programme: record.programme, since: record.since };
    },
  },
};
