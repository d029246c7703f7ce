/**
 * The bus of a relay that runs alone (the default, on SQLite): there are no other nodes, so
 * nothing is published or received, and the per-space connection limit is a count in memory.
 * The node's own sessions are reached by its SpaceHub directly.
 *
 *   const hub = new SpaceHub<RelaySession>(new InProcessBus());
 */
import type { BusReceiver, ConnectionClaim, SpaceBus, UpdateHint } from './types.js';

/** Connection slots per space, counted in this process. */
export class LocalConnectionCounts {
  readonly #counts = new Map<string, number>();

  /** Take a slot unless the space holds `max`; undefined if it does. */
  claim(spaceId: string, max: number): ConnectionClaim | undefined {
    const held = this.#counts.get(spaceId) ?? 0;
    if (held >= max) return undefined;
    this.#counts.set(spaceId, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#counts.get(spaceId) ?? 1) - 1;
        if (left <= 0) this.#counts.delete(spaceId);
        else this.#counts.set(spaceId, left);
      },
    };
  }
}

export class InProcessBus implements SpaceBus {
  readonly #counts = new LocalConnectionCounts();

  start(_receiver: BusReceiver): void {}
  watch(_spaceId: string): Promise<void> {
    return Promise.resolve();
  }
  unwatch(_spaceId: string): void {}
  publishUpdate(_spaceId: string, _hint: UpdateHint): void {}
  publishEphemeral(_spaceId: string, _docId: string, _envelope: Uint8Array): void {}
  publishMembershipChanged(_spaceId: string): void {}
  claimConnection(spaceId: string, max: number): Promise<ConnectionClaim | undefined> {
    return Promise.resolve(this.#counts.claim(spaceId, max));
  }
  ready(): boolean {
    return true;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
