/**
 * Where one partner is with each step of the closeness ladder — "ready", "maybe soon", "not
 * yet" — kept in that partner's PRIVATE document (`private-<partnerId>`, whose key only their
 * devices hold). No call here writes to the shared workbook, and nothing shares a position: the
 * couple agrees on steps through ClosenessLadder.propose / agree, which says only "yes to this
 * step", never how either partner feels about the others.
 *
 *   const mine = new ClosenessPositions(privateDoc);
 *   mine.set('builtin-holding-hands', 'maybe-soon');
 *   mine.get('builtin-holding-hands'); // { position: 'maybe-soon', updatedAt }
 */
import type * as Y from 'yjs';
import { CLOSENESS_POSITIONS, type ClosenessPosition } from './closeness-steps.js';
import { asRecord, writeTransaction, type ModelContext } from './collection.js';
import { prepareForWrite } from './migration.js';
import { isEnum, isId, isTime, validEnum, validId } from './validation.js';
import type { WorkbookOptions } from './workbook-options.js';

/** A partner's own position on one step. */
export interface ClosenessPositionEntry {
  position: ClosenessPosition;
  updatedAt: number;
}

function parseEntry(raw: unknown): ClosenessPositionEntry | undefined {
  const r = asRecord(raw);
  if (!r || !isEnum(r['position'], CLOSENESS_POSITIONS) || !isTime(r['updatedAt'])) return undefined;
  return { position: r['position'], updatedAt: r['updatedAt'] };
}

/** One partner's private positions on the ladder's steps (keyed by step id). */
export class ClosenessPositions {
  private readonly ctx: ModelContext;
  private readonly map: Y.Map<unknown>;

  constructor(
    readonly privateDoc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    this.map = privateDoc.getMap('closenessPositions');
    this.ctx = { doc: privateDoc, now: opts.now ?? Date.now, stampSchema: () => prepareForWrite(privateDoc) };
  }

  /** This partner's position on a step, or undefined if not answered. */
  get(stepId: string): ClosenessPositionEntry | undefined {
    return parseEntry(this.map.get(stepId));
  }

  /** Every answered step. */
  all(): Record<string, ClosenessPositionEntry> {
    const out: Record<string, ClosenessPositionEntry> = {};
    for (const [stepId, raw] of this.map.entries()) {
      const entry = isId(stepId) ? parseEntry(raw) : undefined;
      if (entry) out[stepId] = entry;
    }
    return out;
  }

  /** Records where this partner is with a step. */
  set(stepId: string, position: ClosenessPosition): void {
    const id = validId('stepId', stepId);
    const value = validEnum('position', position, CLOSENESS_POSITIONS);
    writeTransaction(this.ctx, () => this.map.set(id, { position: value, updatedAt: this.ctx.now() }));
  }

  /** Forgets this partner's position on a step. */
  clear(stepId: string): void {
    const id = validId('stepId', stepId);
    if (this.map.has(id)) writeTransaction(this.ctx, () => this.map.delete(id));
  }
}
