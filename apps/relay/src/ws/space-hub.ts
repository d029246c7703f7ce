/**
 * The authenticated sessions of each space, for fan-out and the per-space connection limit.
 * One hub per relay app; sessions join after auth and leave when their socket closes.
 *
 *   if (!hub.join(spaceId, session, limits.maxConnectionsPerSpace)) refuse();
 *   for (const other of hub.others(spaceId, session)) other.deliverUpdate(docId, entry);
 */

export class SpaceHub<S> {
  readonly #spaces = new Map<string, Set<S>>();

  /** Add `session` to the space unless it already holds `max` sessions; true if added. */
  join(spaceId: string, session: S, max: number): boolean {
    let sessions = this.#spaces.get(spaceId);
    if (!sessions) {
      sessions = new Set();
      this.#spaces.set(spaceId, sessions);
    }
    if (sessions.has(session)) return true;
    if (sessions.size >= max) return false;
    sessions.add(session);
    return true;
  }

  /** Remove `session` from the space (no-op if absent). */
  leave(spaceId: string, session: S): void {
    const sessions = this.#spaces.get(spaceId);
    if (!sessions) return;
    sessions.delete(session);
    if (sessions.size === 0) this.#spaces.delete(spaceId);
  }

  /** The other sessions of the space, as a snapshot safe to iterate while sessions close. */
  others(spaceId: string, session: S): S[] {
    return [...(this.#spaces.get(spaceId) ?? [])].filter((other) => other !== session);
  }

  /** Every session of the space, as a snapshot safe to iterate while sessions close. */
  members(spaceId: string): S[] {
    return [...(this.#spaces.get(spaceId) ?? [])];
  }

  /** Number of sessions in the space. */
  size(spaceId: string): number {
    return this.#spaces.get(spaceId)?.size ?? 0;
  }
}
