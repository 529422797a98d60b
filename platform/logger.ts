/**
 * One structured logger (pino) for the gateway and every subgraph: JSON lines in production, a
 * short readable line in development. A request's lines come from `requestLogger`, which stamps
 * each with the request id the gateway hands every subgraph and the W3C trace id, so an operator
 * follows one request across services with one search.
 *
 * Personal data never goes to a log: nothing here logs a NIK or a name on purpose, and as a last
 * guard every string a line carries has 16-digit runs (a NIK's shape) masked, because an error
 * from the database (a unique violation's "Key (nik)=(...)") can quote a value unasked.
 * `test/log-hygiene.e2e.ts` greps a broad workload's logs for every seeded NIK and name.
 *
 * Settings: LOG_LEVEL (default `info`; `silent` turns logging off), LOG_FORMAT (`json` or
 * `pretty`; default `json` with NODE_ENV=production, else `pretty`), LOG_FILE (append here
 * instead of standard output).
 */
import { Writable } from 'node:stream';
import pino, { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

const NIK_SHAPE = /\d{16}/g;

export function scrub(text: string): string {
  return text.replace(NIK_SHAPE, '[16 digits]');
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubValue(item, depth + 1);
  return copy;
}

/** Errors keep their type, code and (masked) message and stack; never the values they carry. */
function errorFields(error: unknown): Record<string, unknown> {
  if (error === null || typeof error !== 'object') return { message: scrub(String(error)) };
  const { name, message, code, stack } = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    stack?: unknown;
  };
  return {
    type: typeof name === 'string' ? name : (error.constructor?.name ?? 'Object'),
    message: scrub(typeof message === 'string' ? message : JSON.stringify(error)),
    ...(code !== undefined ? { code } : {}),
    ...(typeof stack === 'string' ? { stack: scrub(stack) } : {}),
  };
}

/** The development format: `12:00:01 INFO  gateway  message key=value`, one line each. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  const levels: Record<number, string> = {
    10: 'TRACE',
    20: 'DEBUG',
    30: 'INFO ',
    40: 'WARN ',
    50: 'ERROR',
    60: 'FATAL',
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const { time, level, service, msg, pid: _pid, hostname: _host, err, ...rest } = JSON.parse(line);
        const fields = Object.entries(rest).map(
          ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
        );
        const failure = err ? `\n  ${err.stack ?? err.message}` : '';
        out.write(
          `${new Date(time).toISOString().slice(11, 19)} ${levels[level] ?? level} ${service ?? ''}  ${msg ?? ''}${fields.length ? '  ' + fields.join(' ') : ''}${failure}\n`,
        );
      }
      done();
    },
  });
}

export interface LoggerSettings {
  level: string;
  format: 'json' | 'pretty';
  file?: string;
}

/** LOG_LEVEL, LOG_FORMAT and LOG_FILE, read by each process's settings from the environment it is given. */
export function loggerSettings(env: Readonly<Record<string, string | undefined>>): LoggerSettings {
  const production = env.NODE_ENV === 'production';
  const format =
    env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : production ? 'json' : 'pretty';
  return { level: env.LOG_LEVEL || 'info', format, file: env.LOG_FILE || undefined };
}

/** What a logger given no settings writes: information and above, readable, to standard output. */
export const DEFAULT_LOGGER_SETTINGS: LoggerSettings = { level: 'info', format: 'pretty' };

/** `destination` replaces standard output (or LOG_FILE), e.g. to capture a test's lines. */
export function createLogger(
  service: string,
  settings: LoggerSettings = DEFAULT_LOGGER_SETTINGS,
  destination?: DestinationStream,
): Logger {
  const target: DestinationStream =
    destination ??
    (settings.file
      ? pino.destination({ dest: settings.file, sync: true, append: true, mkdir: true })
      : pino.destination({ dest: 1, sync: true }));
  const stream = settings.format === 'pretty' && !destination && !settings.file ? prettyStream(process.stdout) : target;
  return pino(
    {
      level: settings.level,
      base: { service },
      timestamp: pino.stdTimeFunctions.epochTime,
      serializers: { err: errorFields, error: errorFields },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>,
          );
        },
      },
    },
    stream,
  );
}

/** The lines of one request: its id (from the gateway) and its trace. */
export function requestLogger(logger: Logger, requestId: string | undefined, traceId: string | undefined): Logger {
  return logger.child({ requestId: requestId || null, traceId: traceId || null });
}
