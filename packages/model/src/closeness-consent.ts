/**
 * The trust rule of the closeness ladder: which step the couple is on and at what pace, read
 * from each partner's own consent record (each partner writes only their own key).
 *
 *   - Going further needs both: the current step is the lower of the two partners' steps, so it
 *     rises only once both named the higher one; the pace is the slower of the two.
 *   - Going back needs one: a step back lowers the stepper's own record, so the current step
 *     falls at once, with no reason asked.
 *   - A step back also withdraws the other partner's earlier "yes" above it: a record written
 *     before a step back it had not seen counts only up to where that step back landed, so
 *     moving up again needs both partners to say so again.
 *
 *   const status = closenessStatus(records, orderedStepIds);
 *   status.currentStepId; // null until both partners agreed on a first step
 */
import { CLOSENESS_PACES, type ClosenessPace } from './closeness-steps.js';
import { asRecord } from './collection.js';
import type { PartnerId } from './sections.js';
import { isEnum, isId, isIntIn, isTime } from './validation.js';

/** One partner's consent record, stored under their partner id. */
export interface ClosenessConsentRecord {
  /** The step this partner agrees to (or proposes); null: none yet. */
  stepId: string | null;
  pace: ClosenessPace;
  /** How many times this partner stepped back (only ever grows). */
  backs: number;
  /** Where this partner's latest step back landed. */
  lastBackTo: string | null;
  lastBackAt: number;
  /** The other partners' `backs` this partner had seen when writing this record. */
  seen: Record<PartnerId, number>;
  at: number;
}

/** A step or pace one partner has said yes to and the other has not (yet). */
export interface ClosenessProposal {
  from: PartnerId;
  stepId: string | null;
  pace: ClosenessPace;
  at: number;
}

/** Where the couple is on the ladder. */
export interface ClosenessStatus {
  /** The step both agreed to (or stepped back to); null before the first agreement. */
  currentStepId: string | null;
  pace: ClosenessPace;
  /** Fresh proposals above the current step or faster than the pace, one per partner at most. */
  proposals: ClosenessProposal[];
  /** When someone last stepped back (no reason is ever stored), if ever. */
  steppedBackAt?: number;
}

const MAX_BACKS = 1_000_000;

function isStepRef(value: unknown): value is string | null {
  return value === null || isId(value);
}

/** Parses a stored record; undefined for anything malformed (a peer's junk). */
export function parseConsentRecord(raw: unknown): ClosenessConsentRecord | undefined {
  const r = asRecord(raw);
  if (!r) return undefined;
  const { stepId, pace, backs, lastBackTo, lastBackAt, at } = r;
  const seen = asRecord(r['seen']);
  if (!isStepRef(stepId) || !isEnum(pace, CLOSENESS_PACES) || !isIntIn(backs, 0, MAX_BACKS) || !isStepRef(lastBackTo)) return undefined;
  if (!isTime(lastBackAt) || !isTime(at) || !seen) return undefined;
  const seenCounts: Record<PartnerId, number> = {};
  for (const [partner, count] of Object.entries(seen)) {
    if (!isId(partner) || !isIntIn(count, 0, MAX_BACKS)) return undefined;
    seenCounts[partner] = count;
  }
  return { stepId, pace, backs, lastBackTo, lastBackAt, seen: seenCounts, at };
}

/** Position of a step in the ladder's order; -1 for none (null) or a step that no longer exists. */
function rankIn(order: readonly string[], stepId: string | null): number {
  return stepId === null ? -1 : order.indexOf(stepId);
}

/** The highest rank `partner`'s record still counts for, after step backs it had not seen. */
function cappedRank(records: Record<PartnerId, ClosenessConsentRecord>, partner: PartnerId, order: readonly string[]): number {
  const record = records[partner];
  if (!record) return -1;
  let rank = rankIn(order, record.stepId);
  for (const [other, theirs] of Object.entries(records)) {
    if (other !== partner && theirs.backs > (record.seen[other] ?? 0)) rank = Math.min(rank, rankIn(order, theirs.lastBackTo));
  }
  return rank;
}

function isFresh(records: Record<PartnerId, ClosenessConsentRecord>, partner: PartnerId): boolean {
  const record = records[partner];
  return record !== undefined && Object.entries(records).every(([other, theirs]) => other === partner || theirs.backs <= (record.seen[other] ?? 0));
}

/** The couple's status from every partner's record and the ladder's current order. */
export function closenessStatus(records: Record<PartnerId, ClosenessConsentRecord>, order: readonly string[]): ClosenessStatus {
  const partners = Object.keys(records).sort();
  const together = partners.length >= 2;
  const rank = together ? Math.min(...partners.map((p) => cappedRank(records, p, order))) : -1;
  const paceIndex = together ? Math.min(...partners.map((p) => CLOSENESS_PACES.indexOf(records[p]?.pace ?? 'no-rush'))) : 0;
  const proposals: ClosenessProposal[] = [];
  for (const partner of partners) {
    const record = records[partner];
    if (!record || !isFresh(records, partner)) continue;
    if (rankIn(order, record.stepId) > rank || CLOSENESS_PACES.indexOf(record.pace) > paceIndex) {
      proposals.push({ from: partner, stepId: record.stepId, pace: record.pace, at: record.at });
    }
  }
  const backAt = Math.max(0, ...partners.map((p) => records[p]?.lastBackAt ?? 0));
  return {
    currentStepId: rank >= 0 ? (order[rank] ?? null) : null,
    pace: CLOSENESS_PACES[paceIndex] ?? 'no-rush',
    proposals,
    ...(backAt > 0 ? { steppedBackAt: backAt } : {}),
  };
}

/** Steps included so far: the current step and every step below it in `order`. */
export function includedSteps(status: ClosenessStatus, order: readonly string[]): string[] {
  const rank = rankIn(order, status.currentStepId);
  return rank < 0 ? [] : order.slice(0, rank + 1);
}
