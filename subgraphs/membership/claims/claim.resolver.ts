import { Scope } from '../../../contract/scopes';
import { RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RupiahScalar } from '../../../platform/scalars';
import { MembershipContext } from '../loaders';
import { BenefitKind, CauseOfDeath, SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS } from './benefits';
import { Claim, ClaimItem, ClaimProgram, Heir } from './claim';
import { addClaimBenefits, addHeir, fileClaim, verifyHeir } from './claims';
import { approveClaimItem, payClaim } from './pay-claim';
import { HeirRelationship } from './heir-order';

@InputType({ description: 'One JKK benefit asked for; its amount is computed or capped from the declared income.' })
export class BenefitInput {
  @Field(() => BenefitKind, {
    description: 'MEDICAL_CARE, TEMPORARY_INCAPACITY, PERMANENT_DISABILITY or WORK_ACCIDENT_DEATH.',
  })
  kind: BenefitKind;

  @Field(() => RupiahScalar, {
    nullable: true,
    description:
      "MEDICAL_CARE: the facility's bill, Rp 1 to Rp 10,000,000,000; above the plausibility cap it waits for a second officer's approval (approveClaimItem).",
  })
  amount?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "MEDICAL_CARE: required, the health facility's reference of the bill paid.",
  })
  billReference?: string | null;

  @Field(() => Int, { nullable: true, description: 'TEMPORARY_INCAPACITY: days unable to work.' })
  days?: number | null;

  @Field(() => Int, { nullable: true, description: 'PERMANENT_DISABILITY: percentage of disability (100 = total).' })
  disabilityPercent?: number | null;
}

@InputType({ description: 'A JKM or JKK claim to file on a card.' })
export class ClaimInput {
  @Field(() => ID, { description: 'KPJ of the card to claim on.' })
  kpj: string;

  @Field(() => ClaimProgram, { description: 'JKM (death) or JKK (work accident).' })
  program: ClaimProgram;

  @Field(() => Date, { description: 'The date of death (JKM) or of the accident (JKK).' })
  eventDate: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Optional: an heir the claim is expected to pay; refused unless of the first rank present. Every heir of that rank is paid.',
  })
  heirId?: string | null;

  @Field(() => RupiahScalar, {
    nullable: true,
    description: 'Refused for JKK (list benefits); JKM pays a fixed Rp 42,000,000 (leave it out).',
  })
  amount?: number | null;

  @Field(() => CauseOfDeath, {
    nullable: true,
    description: 'JKM: required; WORK_ACCIDENT is refused (that death is a JKK benefit).',
  })
  causeOfDeath?: CauseOfDeath | null;

  @Field(() => [BenefitInput], { nullable: true, description: 'JKK: the benefits of this accident.' })
  benefits?: BenefitInput[] | null;
}

const KEY_HELP = 'Optional: send the same key when retrying, to get the same answer and no second effect.';

@Resolver()
export class ClaimResolver {
  @Mutation(() => Heir, { description: 'Records an heir (ahli waris) of a member, not yet verified.' })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  addHeir(
    @Arg('kpj', () => ID, { description: 'The card (KPJ) of the member whose heir this is.' }) kpj: string,
    @Arg('fullName', { description: "The heir's full name, as on their identity card." }) fullName: string,
    @Arg('relationship', () => HeirRelationship, {
      description: 'How the heir is related to the member; decides their place in the legal order.',
    })
    relationship: HeirRelationship,
    @Ctx() { db, actor, caller }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return addHeir(db, { actor, caller, idempotencyKey }, { kpj, fullName, relationship });
  }

  @Mutation(() => Heir, {
    description: "Marks an heir's documents as checked: an insurer approver, never the person who added the heir.",
  })
  @RequiresScopes(Scope.CLAIMS_APPROVE)
  verifyHeir(
    @Arg('heirId', () => ID, { description: 'The heir whose documents were checked (Heir.id).' }) heirId: string,
    @Ctx() { db, actor, caller }: MembershipContext,
  ) {
    return verifyHeir(db, { actor, caller }, heirId);
  }

  @Mutation(() => Claim, {
    description:
      'Files a JKM or JKK claim. CONFLICT when coverage was not active that day or the heir is not verified.',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  fileClaim(
    @Arg('input', () => ClaimInput, {
      description: 'The claim: card, program, event date and, for JKM, the verified heir.',
    })
    input: ClaimInput,
    @Ctx() { db, actor, caller, settings }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return fileClaim(
      db,
      { actor, caller, idempotencyKey },
      { ...input, benefits: input.benefits?.map((b) => ({ ...b })) },
      settings.claimItemApprovalAboveRupiah,
    );
  }

  @Mutation(() => Claim, {
    description:
      'Adds further benefits of the same accident to a JKK claim not yet paid (one accident event, one claim).',
  })
  @RequiresScopes(Scope.MEMBERSHIP_WRITE)
  addClaimBenefits(
    @Arg('claimId', () => ID, { description: 'The JKK claim, not yet paid (Claim.id).' }) claimId: string,
    @Arg('benefits', () => [BenefitInput], {
      description: 'The further benefits of the same accident, each with its amount basis.',
    })
    benefits: BenefitInput[],
    @Ctx() { db, actor, caller, settings }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return addClaimBenefits(
      db,
      { actor, caller, idempotencyKey },
      claimId,
      benefits.map((b) => ({ ...b })),
      settings.claimItemApprovalAboveRupiah,
    );
  }

  @Mutation(() => ClaimItem, {
    description:
      'Approves a claim item above the plausibility cap, so its claim may be paid: an insurer approver, neither who added the item nor who filed the claim.',
  })
  @RequiresScopes(Scope.CLAIMS_APPROVE)
  approveClaimItem(
    @Arg('itemId', () => ID, { description: 'The item needing approval (ClaimItem.id).' }) itemId: string,
    @Ctx() { db, actor, caller }: MembershipContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    return approveClaimItem(db, { actor, caller, idempotencyKey }, itemId);
  }

  @Mutation(() => Claim, {
    description:
      'Pays a filed claim once: an insurer approver who neither filed it, added or changed any of its items, nor recorded or verified an heir it pays; every item above the plausibility cap approved first.',
  })
  @RequiresScopes(Scope.CLAIMS_APPROVE)
  payClaim(
    @Arg('claimId', () => ID, { description: 'The filed claim to pay (Claim.id).' }) claimId: string,
    @Arg('idempotencyKey', { description: 'Required: retries with the same key pay once.' }) idempotencyKey: string,
    @Ctx() { db, actor, caller }: MembershipContext,
  ) {
    return payClaim(db, { actor, caller, idempotencyKey }, claimId);
  }
}

@Resolver(() => Claim)
export class ClaimItemsResolver {
  @FieldResolver(() => [ClaimItem], {
    description: 'The benefits of this claim, each with its recipient. Not paged: a claim has a handful of items.',
  })
  items(@Root() claim: Claim, @Ctx() { loaders }: MembershipContext) {
    return loaders.itemsOfClaim.load(claim.id);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: `JKM: whether the children's scholarship is open (at least ${SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS} months of contributions by the death). The scholarship itself is paid yearly by school level and is not handled here.`,
  })
  scholarshipEligible(@Root() claim: Claim): boolean | null {
    return claim.contributionMonths == null ? null : claim.contributionMonths >= SCHOLARSHIP_MIN_CONTRIBUTION_MONTHS;
  }
}

@Resolver(() => ClaimItem)
export class ClaimItemApprovalResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether a second officer has approved the item (always true for an item that needs no approval).',
  })
  async approved(@Root() item: ClaimItem, @Ctx() { loaders }: MembershipContext): Promise<boolean> {
    return !item.needsApproval || (await loaders.approvalOfItem.load(item.id)) !== null;
  }
}
