/**
 * `npm run -s token -- <role> [--villages a,b] [--scopes a,b] [--subject id] [--expires-in seconds]`:
 * prints a development token signed with this machine's AUTH_HS256_SECRET; `--scopes` adds scopes
 * beyond the role's, e.g. a partner's own (`social-assistance:read`).
 * `npm run -s token -- --operations`: prints the operations token that opens `/health/subgraphs`
 * and `/metrics` (OPERATIONS_TOKEN, or the one derived from GATEWAY_SUBGRAPH_SECRET).
 */
import { resolveAuthSettings } from '../gateway/server/settings';
import { resolveToolSettings } from './settings';
import { operationsToken } from '../platform/operations-token';
import { ROLE_NAMES, Role } from '../contract/scopes';
import { developmentTokenHint, mintToken } from '../gateway/authentication/tokens';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(args: string[]) {
  if (args[0] === '--operations') {
    const { trust } = resolveToolSettings(process.env);
    const token = operationsToken(trust.gatewaySecret, trust.operationsToken);
    if (!token) throw new Error('Set OPERATIONS_TOKEN (or GATEWAY_SUBGRAPH_SECRET) to open the operations endpoints.');
    console.log(token);
    return;
  }
  const role = args[0] as Role;
  if (!ROLE_NAMES.includes(role)) {
    console.error(`Unknown role "${args[0] ?? ''}". Roles: ${ROLE_NAMES.join(', ')}.\n${developmentTokenHint()}`);
    process.exit(2);
  }
  const villages = option(args, '--villages');
  const expiresIn = option(args, '--expires-in');
  const scopes = option(args, '--scopes');
  console.log(
    await mintToken(resolveAuthSettings(process.env), {
      role,
      subject: option(args, '--subject'),
      villages: villages ? villages.split(',').map((v) => v.trim()) : undefined,
      scopes: scopes
        ? scopes
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
      expiresIn: expiresIn ? Number(expiresIn) : undefined,
    }),
  );
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
