/**
 * Separation of duties: money leaves only with two people's consent. Whoever added an heir does
 * not verify them; whoever filed a claim does not approve its payment. The second step belongs to
 * the insurer's approvers (`claims:approve`, see scopes.ts); this rule says it must be someone else.
 */
import { forbidden } from '../../../platform/errors';

export function requireSecondPerson(
  actor: string,
  firstActor: string | null,
  firstStep: string,
  secondStep: string,
): void {
  if (firstActor !== null && firstActor === actor) {
    throw forbidden(`You ${firstStep}, so you may not also ${secondStep}: a second person must do it.`, {
      reason: 'SEPARATION_OF_DUTIES',
    });
  }
}
