/**
 * How an agreement card asks the live layer to open a rehearsal: the card has no provider and
 * the live layer has no agreement list, so a tiny in-page signal joins the two. Nothing is kept.
 *
 *   requestRehearsal({ scriptId: agreement.id, together: true });
 *   const stop = onRehearsalRequest((r) => open(r));
 */

export interface RehearsalRequest {
  /** The agreement (secure-base script or de-escalation script) to rehearse. */
  scriptId: string;
  /** With the partner, live; or alone, with the partner's lines shown and nothing sent. */
  together: boolean;
}

const listeners = new Set<(request: RehearsalRequest) => void>();

/** Open a rehearsal of `scriptId` (the live layer decides how). */
export function requestRehearsal(request: RehearsalRequest): void {
  for (const listener of listeners) listener(request);
}

/** Listen for rehearsal requests; returns the unsubscribe. */
export function onRehearsalRequest(listener: (request: RehearsalRequest) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
