/**
 * Import first, before Apollo's packages: @apollo/gateway sends usage reports to Apollo unless
 * APOLLO_TELEMETRY_DISABLED is set, and a partner's process sends nothing it was not configured to.
 * (The kit takes no code from the federation's repository, so this repeats its own module.)
 */
if (!process.env.APOLLO_TELEMETRY_DISABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';

export {};
