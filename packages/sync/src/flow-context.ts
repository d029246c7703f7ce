/**
 * What every client flow shares: its options (a fetch to use, a clock), the two HTTP clients
 * built from them, and small helpers for comparing public values.
 *
 *   const { space, pairing } = clientsFor(creds.relayUrl, opts);
 *   const ops = await space.getMembership(creds.spaceId);
 */
import { PairingClient } from './pairing-client.js';
import { SpaceClient } from './space-client.js';

export interface FlowOptions {
  /** fetch implementation; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Clock in ms; defaults to Date.now(). */
  now?: number;
}

/** The space and pairing clients for `relayUrl`, using the flow's fetch. */
export function clientsFor(relayUrl: string, opts: FlowOptions): { space: SpaceClient; pairing: PairingClient } {
  const clientOpts = opts.fetch ? { fetch: opts.fetch } : {};
  return { space: new SpaceClient(relayUrl, clientOpts), pairing: new PairingClient(relayUrl, clientOpts) };
}

/** The flow's clock. */
export function nowOf(opts: FlowOptions): number {
  return opts.now ?? Date.now();
}
