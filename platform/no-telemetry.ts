/**
 * Nothing leaves the machine unless configured: @apollo/gateway sends usage reports to Apollo
 * unless APOLLO_TELEMETRY_DISABLED is set. Every module that loads @apollo/gateway or
 * @apollo/server imports this one first (test/no-telemetry.test.ts checks), so no process of the
 * federation, whatever its entry point, starts with telemetry on. An operator who sets the
 * variable to something else has configured it, and keeps their value.
 */
if (!process.env.APOLLO_TELEMETRY_DISABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';

export {};
