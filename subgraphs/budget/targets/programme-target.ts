/**
 * A programme target the city set (the article's 50,000 covered workers by the end of 2021):
 * budget keeps it as the city's data; the insurer adds its progress from its own coverage.
 */
import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RequiresScopes } from '../../../contract/access';
import { notFound } from '../../../platform/errors';
import { Scope } from '../../../contract/scopes';
import { BudgetContext } from '../loaders';

@Entity('programme_target')
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A coverage target the city set, with its owner and legal basis; `progress` (from the insurer) measures it on a day.',
})
export class ProgrammeTarget {
  @PrimaryColumn('varchar')
  @Field(() => ID, { description: 'The target.' })
  id: string;

  @Column('varchar')
  @Field({ description: 'What is to be reached.' })
  name: string;

  @Column('varchar')
  @Field({ description: 'Who set the target and answers for it.' })
  owner: string;

  @Column('varchar', { name: 'legal_basis' })
  @Field({ description: 'The regulation the target follows.' })
  legalBasis: string;

  @Column('varchar', { name: 'area_code' })
  @Field({ description: 'Kemendagri code of the area the target counts (a regency or city, e.g. 81.71).' })
  areaCode: string;

  @Column('int', { name: 'target_count' })
  @Field(() => Int, { description: 'Workers to be covered.' })
  targetCount: number;

  @Column('date', { name: 'target_date' })
  @Field(() => Date, { description: 'By when.' })
  targetDate: string;
}

@Resolver(() => ProgrammeTarget)
export class ProgrammeTargetResolver {
  @Query(() => [ProgrammeTarget], {
    description: 'Every programme target, by id. Not paged: the city sets a few targets.',
  })
  @RequiresScopes(Scope.BUDGET_READ, Scope.AGGREGATES_READ)
  programmeTargets(@Ctx() { db }: BudgetContext) {
    return db.getRepository(ProgrammeTarget).find({ order: { id: 'ASC' } });
  }

  @Query(() => ProgrammeTarget, {
    nullable: true,
    description: 'A programme target by id; NOT_FOUND when there is none.',
  })
  @RequiresScopes(Scope.BUDGET_READ, Scope.AGGREGATES_READ)
  async programmeTarget(
    @Arg('id', () => ID, { description: "The target's id (ProgrammeTarget.id)." }) id: string,
    @Ctx() { db }: BudgetContext,
  ): Promise<ProgrammeTarget> {
    return (
      (await db.getRepository(ProgrammeTarget).findOneBy({ id })) ??
      Promise.reject(notFound(`No programme target has the id "${id}".`, { id }))
    );
  }
}
