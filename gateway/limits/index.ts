/** The operation's cost with its variables, and each caller's share of the gateway (see operation-limits.ts). */
import type { LimitsConfig } from '../server/settings';
import type { GatewayFeature } from '../server/feature';
import { CallerFairness } from './caller-fairness';
import { operationLimitsPlugin } from './operation-limits';
import type { WindowTime } from '../../platform/window-time';

export function createOperationLimitsFeature(limits: LimitsConfig, windowTime?: WindowTime): GatewayFeature {
  const fairness = new CallerFairness(
    {
      maxConcurrent: limits.callerMaxConcurrent,
      maxInflightCost: limits.callerMaxInflightCost || limits.maxCost,
      costPerSecond: limits.callerCostPerSecond || limits.maxCost,
      maxQueued: limits.callerMaxQueued,
      maxWaitMs: limits.callerMaxWaitMs,
    },
    windowTime,
  );
  return { name: 'limits', plugins: [operationLimitsPlugin(limits.maxCost, fairness)] };
}
