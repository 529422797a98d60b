/**
 * Serves the supergraph from a file and switches to a new composition when the file changes,
 * without a restart (ApolloGateway's `supergraphSdl` hook). A new file is first loaded by a
 * throwaway gateway exactly as the real one would load it; one that fails (not a supergraph,
 * truncated, an unplannable composition) is refused and logged, and the previous one keeps serving.
 * Requests in flight finish on the schema they started with.
 */
import '../../platform/no-telemetry';
import fs from 'node:fs';
import { SupergraphSdlHook } from '@apollo/gateway';
import { apiSchemaOf } from '../../platform/graphql/supergraph';
import { createLogger } from '../../platform/logger';

export interface SupergraphFileEvents {
  info(message: string): void;
  error(message: string): void;
}

const gatewayLog = createLogger('gateway');
const consoleEvents: SupergraphFileEvents = {
  info: (message) => gatewayLog.info(message),
  error: (message) => gatewayLog.error(message),
};

export class SupergraphFile {
  private current?: string;
  private reloading: Promise<void> = Promise.resolve();
  /** Why the latest refused file was refused, until a good one arrives. */
  refusal?: string;
  /** Files refused since start. */
  refusals = 0;

  constructor(
    readonly path: string,
    private readonly pollMs: number,
    private readonly events: SupergraphFileEvents = consoleEvents,
    /** How the file's supergraph is handed to the gateway (e.g. with security features it implements itself). */
    private readonly prepare: (supergraphSdl: string) => string = (sdl) => sdl,
  ) {}

  /** The gateway is ready once a supergraph is loaded. */
  get loaded(): boolean {
    return this.current !== undefined;
  }

  readonly hook: SupergraphSdlHook = async ({ update }) => {
    const initial = this.prepare(fs.readFileSync(this.path, 'utf8'));
    const onChange = () => {
      this.reloading = this.reloading.then(() => this.reload(update));
    };
    // Stat polling rather than fs.watch: it sees files replaced by rename and works on every filesystem.
    fs.watchFile(this.path, { interval: this.pollMs, persistent: false }, onChange);
    this.current = initial;
    return {
      supergraphSdl: initial,
      cleanup: async () => {
        fs.unwatchFile(this.path, onChange);
        await this.reloading;
      },
    };
  };

  private async reload(update: (sdl: string) => void): Promise<void> {
    let sdl: string;
    try {
      sdl = this.prepare(fs.readFileSync(this.path, 'utf8'));
    } catch (error) {
      return this.refuse(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    if (sdl === this.current) return;
    try {
      await apiSchemaOf(sdl);
      update(sdl);
    } catch (error) {
      return this.refuse((error as Error).message);
    }
    this.current = sdl;
    this.refusal = undefined;
    this.events.info(`supergraph reloaded from ${this.path}`);
  }

  private refuse(reason: string) {
    this.refusal = reason;
    this.refusals++;
    this.events.error(`refused the new supergraph, still serving the previous one: ${reason}`);
  }
}
