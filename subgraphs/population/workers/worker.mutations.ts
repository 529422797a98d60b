import { Scope } from '../../../contract/scopes';
import { requireVillage, RequiresScopes } from '../../../contract/access';
import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { PopulationContext } from '../context';
import { Worker } from './worker';
import { correctWorker, moveWorker, NikAlreadyRegistered, registerWorker } from './worker-registry';
import { duplicateNikRefusal, requireWorker } from './worker-reads';

@InputType({ description: 'A worker to register; birth date and sex are read from the NIK.' })
export class WorkerRegistration {
  @Field({ description: 'NIK, the 16-digit national identity number.' })
  nik: string;

  @Field({ description: 'Full name, as on the identity card (KTP).' })
  fullName: string;

  @Field({ description: 'Informal occupation, e.g. "Nelayan".' })
  occupation: string;

  @Field(() => ID, { description: 'The village the worker lives in, e.g. 81.71.02.1001.' })
  villageCode: string;
}

@InputType({ description: 'Fields to correct; omitted fields stay as they are.' })
export class WorkerCorrection {
  @Field(() => String, { nullable: true, description: 'The corrected full name.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'The corrected occupation.' })
  occupation?: string | null;
}

const KEY_HELP = 'Optional: send the same key when retrying, to get the same answer and no second effect.';

/** A worker a mutation answers with is a person's record handed out like any read: audited. */
function handedOut<T extends { nik: string }>(loaders: PopulationContext['loaders'], worker: T): T {
  loaders.personReads.record(worker.nik);
  return worker;
}

@Resolver(() => Worker)
export class WorkerMutationResolver {
  @Mutation(() => Worker, {
    description:
      'Registers a worker. CONFLICT (DUPLICATE_NIK) when the NIK is already registered; the refusal names that record only to a caller who may read it.',
  })
  @RequiresScopes(Scope.WORKERS_WRITE)
  async registerWorker(
    @Arg('input', () => WorkerRegistration, { description: 'The worker to register.' }) input: WorkerRegistration,
    @Ctx() context: PopulationContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    requireVillage(context.caller, input.villageCode, `Village ${input.villageCode}`);
    try {
      return handedOut(
        context.loaders,
        await registerWorker(context.db, { actor: context.actor, idempotencyKey }, { ...input }),
      );
    } catch (error) {
      throw error instanceof NikAlreadyRegistered ? duplicateNikRefusal(context, error) : error;
    }
  }

  @Mutation(() => Worker, { description: "Corrects a worker's name or occupation." })
  @RequiresScopes(Scope.WORKERS_WRITE)
  async correctWorker(
    @Arg('nik', () => String, { description: 'NIK of the registered worker.' }) nik: string,
    @Arg('correction', () => WorkerCorrection, { description: 'The fields to correct.' }) correction: WorkerCorrection,
    @Ctx() context: PopulationContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    // An outreach officer corrects only the residents of their villages.
    if (context.caller.villageScoped) await requireWorker(context, nik);
    const { db, actor } = context;
    return handedOut(context.loaders, await correctWorker(db, { actor, idempotencyKey }, nik, { ...correction }));
  }

  @Mutation(() => Worker, { description: 'Records that a worker now lives in another village.' })
  @RequiresScopes(Scope.WORKERS_WRITE)
  async moveWorker(
    @Arg('nik', () => String, { description: 'NIK of the registered worker.' }) nik: string,
    @Arg('villageCode', () => ID, { description: 'The village the worker now lives in.' }) villageCode: string,
    @Ctx() context: PopulationContext,
    @Arg('idempotencyKey', () => String, { nullable: true, description: KEY_HELP }) idempotencyKey?: string,
  ) {
    // An outreach officer moves only residents of their villages, and only into their villages.
    requireVillage(context.caller, villageCode, `Village ${villageCode}`);
    if (context.caller.villageScoped) await requireWorker(context, nik);
    const { db, actor } = context;
    return handedOut(context.loaders, await moveWorker(db, { actor, idempotencyKey }, nik, villageCode));
  }
}
