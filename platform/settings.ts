/**
 * The one parser every process's settings share: typed readers over an environment, with the
 * messages a wrong value is refused with. It reads only the environment it is handed; each
 * process resolves its settings once, at its entry file, and passes the typed result down
 * (subgraphs/kit/settings.ts, gateway/server/settings.ts, contract/settings.ts, bench/settings.ts).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What a process was started with: its environment, read by its entry file; a test's own object elsewhere. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The repository's root, from this file's place in it (compiled into dist/ or run from source). */
export const PROJECT_ROOT = path.resolve(
  __dirname,
  '..',
  ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
);

export function integer(env: Environment, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

export function flag(env: Environment, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function oneOf<T extends string>(env: Environment, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** A comma-separated list, blanks dropped. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A setting that may be absent: an empty value counts as unset. */
export function optional(env: Environment, name: string): string | undefined {
  return env[name] || undefined;
}

/** A file or directory, relative to the repository's root unless absolute. */
export function projectPath(env: Environment, name: string, fallback: string): string {
  return path.resolve(PROJECT_ROOT, env[name] || fallback);
}

/** What every process's secrets need to know: whether it runs in production, and where development keeps its own. */
export interface SecretContext {
  production: boolean;
  dataDir: string;
}

/**
 * A development secret when none is configured: random, kept in the data directory (never in
 * the repository) so the gateway, the subgraphs and the token script of one machine agree.
 * Production refuses to start without the real one.
 */
export function secret(env: Environment, name: string, { production, dataDir }: SecretContext): string {
  const value = env[name];
  if (value) {
    if (value.length < 32) throw new Error(`${name} must be at least 32 characters long`);
    return value;
  }
  if (production) throw new Error(`${name} must be set when NODE_ENV=production`);
  const file = path.join(dataDir, 'development-secrets', name.toLowerCase());
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(draft, randomBytes(32).toString('base64url'), { mode: 0o600 });
    // link() fails when another process won the race; everybody then reads the winner's secret.
    try {
      fs.linkSync(draft, file);
    } catch {
      /* the other process's file stands */
    }
    fs.unlinkSync(draft);
    return fs.readFileSync(file, 'utf8').trim();
  }
}

/** What every service reads alike. */
export interface ProcessSettings extends SecretContext {
  /** The address every service listens on: 127.0.0.1 unless LISTEN_ADDRESS says otherwise (0.0.0.0 in a container). */
  listenAddress: string;
  projectRoot: string;
}

export function resolveProcessSettings(env: Environment): ProcessSettings {
  return {
    production: env.NODE_ENV === 'production',
    dataDir: projectPath(env, 'DATA_DIR', '.data'),
    listenAddress: env.LISTEN_ADDRESS || '127.0.0.1',
    projectRoot: PROJECT_ROOT,
  };
}
