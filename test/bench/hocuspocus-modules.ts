/**
 * Hocuspocus, loaded from its built dist by a path resolved at run time. Its packages export their
 * TypeScript sources under the `source` condition, the one this workspace typechecks and runs the
 * bench with; those sources do not compile under our settings (extension-less and `.ts` imports),
 * so tsc is not pointed at them: the dist is loaded by its path, and the few members the bench
 * uses are typed here. (Its own imports of @hocuspocus/common resolve as Node resolves them.)
 *
 *   const { HocuspocusProvider } = await loadHocuspocusProvider();
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Y from 'yjs';

export interface HocuspocusProviderModule {
  HocuspocusProvider: new (configuration: {
    url: string;
    name: string;
    document: Y.Doc;
    WebSocketPolyfill: unknown;
    onSynced: () => void;
  }) => { destroy(): void };
}

export interface HocuspocusServerModule {
  Server: new (configuration: { port: number; address: string; quiet: boolean; stopOnSignals: boolean; extensions: unknown[] }) => {
    listen(): Promise<unknown>;
    readonly address: { port: number };
    destroy(): Promise<unknown>;
  };
}

export interface HocuspocusRedisModule {
  Redis: new (configuration: { host: string; port: number; identifier: string }) => unknown;
}

const require = createRequire(import.meta.url);

/**
 * The ES module build of package `name` (`dist/<file>`): the CommonJS one would load a second copy
 * of Yjs (its CommonJS build) next to ours, and Yjs refuses docs made by another copy.
 */
async function loadDist<T>(name: string, file: string): Promise<T> {
  // The `require` entry is the CommonJS file in the same dist folder.
  const dist = dirname(require.resolve(name));
  // reason: typed by the interfaces above; the package's own types point into its sources.
  return (await import(pathToFileURL(join(dist, file)).href)) as T;
}

export const loadHocuspocusProvider = (): Promise<HocuspocusProviderModule> => loadDist('@hocuspocus/provider', 'hocuspocus-provider.esm.js');
export const loadHocuspocusServer = (): Promise<HocuspocusServerModule> => loadDist('@hocuspocus/server', 'hocuspocus-server.esm.js');
export const loadHocuspocusRedis = (): Promise<HocuspocusRedisModule> => loadDist('@hocuspocus/extension-redis', 'hocuspocus-redis.esm.js');
