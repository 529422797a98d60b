/** `node dist/examples/social-assistance/index.js`: SOCIAL_PORT (4005), and CALLER_JWKS_URL (the gateway's keys). */
import { startSocialAssistance } from './server';

const port = Number(process.env.SOCIAL_PORT ?? 4005);
const jwksUrl = process.env.CALLER_JWKS_URL ?? 'http://localhost:4000/.well-known/jwks.json';
startSocialAssistance({ port, jwksUrl })
  .then(({ url }) => console.log(`[social] ready at ${url}, trusting the gateway keys at ${jwksUrl}`))
  .catch((error) => {
    console.error(`[social] failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
