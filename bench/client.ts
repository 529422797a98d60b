/**
 * Who the benchmark is to the gateway: one set of secrets per run (as the tests have), shared by
 * every federation it starts, and a token carrying every scope, sent with every request (the
 * monolith ignores it). Reads of persons are audited like any client's.
 */
import { mintToken } from '../gateway/authentication/tokens';
import { ALL_SCOPES } from '../contract/scopes';
import { testAuth, testTrust } from '../test/support/federation';

export const benchAuth = testAuth();
export const benchTrust = testTrust();

let headers: Record<string, string> = {};

export async function signIn(): Promise<void> {
  const token = await mintToken(benchAuth, {
    subject: 'benchmark@ambon.example',
    agency: 'benchmark',
    scopes: ALL_SCOPES,
    expiresIn: 6 * 3600,
  });
  headers = { authorization: `Bearer ${token}` };
}

export const clientHeaders = () => headers;
