import { Scope } from '../../shared/scopes';
import { RequiresScopes } from '../../shared/access';
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { RupiahScalar } from '../../shared/scalars';
import { MembershipContext } from '../loaders';
import { Claim, ClaimProgram, Heir } from './claim';
import { addHeir, fileClaim, payClaim, verifyHeir } from './claims';

@InputType({ description: 'A JKM or JKK claim to file on a card.' })
export class ClaimInput {
  @Field(() => ID, { description: 'KPJ of the card to claim on.' })
  kpj: string;

  @Field(() => ClaimProgram, { description: 'JKM (death) or JKK (work accident).' })
  program: ClaimProgram;

  @Field(() => Date, { description: 'The date of death (JKM) or of the accident (JKK).' })
  eventDate: string;

  @Field(() => ID, { nullable: true, description: 'JKM only: the verified heir to pay.' })
  heirId?: string | null;

  @Field(() => RupiahScalar, { nullable: true, description: 'JKK only: the costs claimed. JKM pays a fixed Rp 42,000,000.' })
  amount?: number | null;
}

const KEY_HELP = 'Optional: send the same key when retrying, to get the same answer and no second effect.';

@Resolver()
export class ClaimResolver {
  @Mutation(() => Heir, { description: 'Records an heir (ahli waris) of a member, not yet verified.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  addHeir(
    @Arg('kpj', () => ID) kpj: string,
    @Arg('fullName') fullName: string,
    @Arg('relationship') relationship: string,
    @Ctx() { db, actor, caller }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return addHeir(db, { actor, caller, idempotencyKey }, { kpj, fullName, relationship });
  }

  @Mutation(() => Heir, { description: "Marks an heir's documents as checked: an insurer approver, never the person who added the heir." })
  @RequiresScopes(Scope.CLAIMS_APPROVE)
  verifyHeir(@Arg('heirId', () => ID) heirId: string, @Ctx() { db, actor, caller }: MembershipContext) {
    return verifyHeir(db, { actor, caller }, heirId);
  }

  @Mutation(() => Claim, { description: 'Files a JKM or JKK claim. CONFLICT when coverage was not active that day or the heir is not verified.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  fileClaim(
    @Arg('input', () => ClaimInput) input: ClaimInput,
    @Ctx() { db, actor, caller }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return fileClaim(db, { actor, caller, idempotencyKey }, { ...input });
  }

  @Mutation(() => Claim, { description: 'Pays a filed claim once: an insurer approver, never the person who filed it.' })
  @RequiresScopes(Scope.CLAIMS_APPROVE)
  payClaim(
    @Arg('claimId', () => ID) claimId: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key pay once.' }) idempotencyKey: string,
    @Ctx() { db, actor, caller }: MembershipContext,
  ) {
    return payClaim(db, { actor, caller, idempotencyKey }, claimId);
  }
}
