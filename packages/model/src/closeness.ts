/**
 * The closeness ladder in the shared workbook: the graded steps (built-in and the couple's own,
 * in the couple's order), the step and pace both partners agreed to, and the links from steps
 * to boundaries and to the pause signal. Where each partner is with each step ("ready", "maybe
 * soon", "not yet") is NOT here: it lives in that partner's private document
 * (closeness-positions.ts), so the other partner never sees it.
 *
 * Agreeing is a proposal and the other's yes; stepping back is one call by either partner,
 * always allowed, and asks for no reason (the rule is in closeness-consent.ts).
 *
 *   const ladder = new ClosenessLadder(doc);
 *   ladder.propose(me, { stepId: 'builtin-holding-hands', pace: 'monthly' });
 *   partnersLadder.agree(partner);          // both said yes: the current step
 *   ladder.stepBack(me);                    // one call, no reason asked
 *   ladder.status().currentStepId;          // 'builtin-hugs' → …
 */
import * as Y from 'yjs';
import { lastWriter, itemAuthor } from './authorship.js';
import { closenessStatus, includedSteps, parseConsentRecord, type ClosenessConsentRecord, type ClosenessProposal, type ClosenessStatus } from './closeness-consent.js';
import { BUILT_IN_CLOSENESS_STEPS, CLOSENESS_PACES, type ClosenessPace } from './closeness-steps.js';
import { writeTransaction, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { prepareForWrite } from './migration.js';
import type { PartnerId } from './sections.js';
import { LIMITS, ModelValidationError, isId, isText, isTime, notAllowed, validEnum, validId, validOptionalText, validText } from './validation.js';
import type { WorkbookOptions } from './workbook-options.js';

/** One step of the ladder as read. */
export interface ClosenessStep {
  id: string;
  title: string;
  detail: string;
  builtIn: boolean;
  /** Who added a custom step (undefined for built-in steps). */
  createdBy?: PartnerId;
  /** Boundaries (shared boundary topic ids) linked to this step. */
  boundaryIds: string[];
}

/** A step as a partner adds it; `after` places it (default: at the top of the ladder). */
export interface ClosenessStepInput {
  title: string;
  detail?: string;
  after?: string;
}

const RANK_GAP = 1024;
/** Top-level maps of the shared document (top-level, so two replicas never create one twice). */
const MAPS = ['closenessSteps', 'closenessOrder', 'closenessConsent', 'closenessLinks', 'closenessSettings'] as const;

interface CustomStep {
  id: string;
  title: string;
  detail: string;
  createdBy: PartnerId;
}

/** Typed reads and validated writes of the closeness ladder. */
export class ClosenessLadder {
  private readonly ctx: ModelContext;
  private readonly custom: Y.Map<unknown>;
  private readonly order: Y.Map<unknown>;
  private readonly consent: Y.Map<unknown>;
  private readonly links: Y.Map<unknown>;
  private readonly settings: Y.Map<unknown>;

  constructor(
    readonly doc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    for (const name of MAPS) doc.getMap(name);
    this.ctx = {
      doc,
      now: opts.now ?? Date.now,
      stampSchema: () => prepareForWrite(doc),
      ...(opts.authorOfClient ? { authorOfClient: opts.authorOfClient } : {}),
    };
    this.custom = doc.getMap('closenessSteps');
    this.order = doc.getMap('closenessOrder');
    this.consent = doc.getMap('closenessConsent');
    this.links = doc.getMap('closenessLinks');
    this.settings = doc.getMap('closenessSettings');
  }

  /** Every step in the couple's order, lowest (gentlest) first. */
  steps(): ClosenessStep[] {
    const links = this.boundaryLinks();
    const builtIn = BUILT_IN_CLOSENESS_STEPS.map((s) => ({ id: s.id, title: s.title, detail: s.detail, builtIn: true }));
    const custom = this.customSteps().map((s) => ({ id: s.id, title: s.title, detail: s.detail, builtIn: false, createdBy: s.createdBy }));
    return [...builtIn, ...custom]
      .map((step) => ({ step: { ...step, boundaryIds: links.get(step.id) ?? [] }, rank: this.rankOf(step.id) }))
      .sort((x, y) => x.rank - y.rank || (x.step.id < y.step.id ? -1 : x.step.id > y.step.id ? 1 : 0))
      .map((x) => x.step);
  }

  /** One step, or undefined. */
  step(id: string): ClosenessStep | undefined {
    return this.steps().find((s) => s.id === id);
  }

  /** The agreed step and pace, and any proposal waiting for the other partner's yes. */
  status(): ClosenessStatus {
    return closenessStatus(this.records(), this.orderedIds());
  }

  /** Ids of the current step and every step below it (what the couple has agreed to so far). */
  includedStepIds(): string[] {
    const order = this.orderedIds();
    return includedSteps(closenessStatus(this.records(), order), order);
  }

  /** The proposal from the other partner that `viewer` could agree to, if any. */
  proposalFor(viewer: PartnerId): ClosenessProposal | undefined {
    return this.status().proposals.find((p) => p.from !== viewer);
  }

  /** Adds a custom step. It may not go below the current step: that would include it unagreed. */
  addStep(input: ClosenessStepInput, partnerId: PartnerId): ClosenessStep {
    const who = validId('partnerId', partnerId);
    const title = validText('title', input.title, LIMITS.title);
    const detail = validOptionalText('detail', input.detail ?? '', LIMITS.step);
    const order = this.orderedIds();
    const after = input.after === undefined ? order.at(-1) : this.knownStep('after', input.after);
    const current = this.status().currentStepId;
    if (after !== undefined && current !== null && order.indexOf(after) < order.indexOf(current)) notAllowed('after');
    const id = randomItemId();
    const now = this.ctx.now();
    writeTransaction(this.ctx, () => {
      const fields = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({ title, detail, createdBy: who, createdAt: now, updatedAt: now, removedAt: 0 })) fields.set(key, value);
      this.custom.set(id, fields);
      this.order.set(id, this.rankAfter(after, order));
    });
    return { id, title, detail, builtIn: false, createdBy: who, boundaryIds: [] };
  }

  /** Rewords a custom step: only the partner who added it (its words are theirs). */
  editStep(id: string, partnerId: PartnerId, patch: { title?: string; detail?: string }): void {
    const fields = this.ownCustomStep(id, partnerId);
    const values: Record<string, string> = {};
    if (patch.title !== undefined) values['title'] = validText('title', patch.title, LIMITS.title);
    if (patch.detail !== undefined) values['detail'] = validOptionalText('detail', patch.detail, LIMITS.step);
    writeTransaction(this.ctx, () => {
      for (const [key, value] of Object.entries(values)) fields.set(key, value);
      fields.set('updatedAt', this.ctx.now());
    });
  }

  /** Removes a custom step its author added, unless a partner's consent names it right now. */
  removeStep(id: string, partnerId: PartnerId): void {
    const fields = this.ownCustomStep(id, partnerId);
    if (Object.values(this.records()).some((r) => r.stepId === id || r.lastBackTo === id)) notAllowed('id');
    writeTransaction(this.ctx, () => fields.set('removedAt', this.ctx.now()));
  }

  /**
   * Moves a step to just below `before` (or to the top with `before` undefined). Either partner
   * may reorder, but never so that a step nobody agreed to ends up at or below the current step.
   */
  moveStep(id: string, partnerId: PartnerId, before?: string): void {
    validId('partnerId', partnerId);
    this.knownStep('id', id);
    if (before !== undefined) this.knownStep('before', before);
    if (before === id) return;
    const order = this.orderedIds();
    const rest = order.filter((s) => s !== id);
    const at = before === undefined ? rest.length : rest.indexOf(before);
    const newOrder = [...rest.slice(0, at), id, ...rest.slice(at)];
    if (!this.keepsAgreedSteps(order, newOrder)) notAllowed('before');
    const below = newOrder[at - 1];
    const above = newOrder[at + 1];
    const low = below === undefined ? 0 : this.rankOf(below);
    const rank = above === undefined ? low + RANK_GAP : (low + this.rankOf(above)) / 2;
    writeTransaction(this.ctx, () => this.order.set(id, rank));
  }

  /** Whether moveStep(id, partnerId, before) would be allowed (a screen offers only those moves); writes nothing. */
  mayMoveStep(id: string, partnerId: PartnerId, before?: string): boolean {
    const order = this.orderedIds();
    if (!isId(partnerId) || !order.includes(id) || (before !== undefined && !order.includes(before))) return false;
    if (before === id) return true;
    const rest = order.filter((s) => s !== id);
    const at = before === undefined ? rest.length : rest.indexOf(before);
    return this.keepsAgreedSteps(order, [...rest.slice(0, at), id, ...rest.slice(at)]);
  }

  /** A new order may not include a step nobody agreed to (at or below the current step). */
  private keepsAgreedSteps(order: readonly string[], newOrder: readonly string[]): boolean {
    const records = this.records();
    const includedBefore = new Set(includedSteps(closenessStatus(records, order), order));
    return includedSteps(closenessStatus(records, newOrder), newOrder).every((s) => includedBefore.has(s));
  }

  /** Proposes (or, after the other's proposal, agrees to) a step and pace; a lower step is a step back. */
  propose(partnerId: PartnerId, input: { stepId: string | null; pace: ClosenessPace }): void {
    const who = validId('partnerId', partnerId);
    const pace = validEnum('pace', input.pace, CLOSENESS_PACES);
    const stepId = input.stepId === null ? null : this.knownStep('stepId', input.stepId);
    const order = this.orderedIds();
    const current = this.status().currentStepId;
    const lower = order.indexOf(stepId ?? '') < order.indexOf(current ?? '');
    this.writeRecord(who, stepId, pace, lower);
  }

  /** Says yes to the other partner's proposal; refused when there is none. */
  agree(partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const proposal = this.proposalFor(who);
    if (!proposal) notAllowed('proposal');
    this.writeRecord(who, proposal.stepId, proposal.pace, false);
  }

  /** Steps back one step from the current one: always allowed, one call, no reason asked. */
  stepBack(partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const order = this.orderedIds();
    const status = this.status();
    if (status.currentStepId === null) return;
    const target = order[order.indexOf(status.currentStepId) - 1] ?? null;
    this.writeRecord(who, target, this.records()[who]?.pace ?? status.pace, true);
  }

  /** Links a shared boundary topic to a step (either partner). */
  linkBoundary(stepId: string, boundaryId: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.knownStep('stepId', stepId);
    const boundary = validId('boundaryId', boundaryId);
    writeTransaction(this.ctx, () => this.links.set(`${stepId} ${boundary}`, { by: who, at: this.ctx.now() }));
  }

  /** Removes a link between a step and a boundary. */
  unlinkBoundary(stepId: string, boundaryId: string, partnerId: PartnerId): void {
    validId('partnerId', partnerId);
    const key = `${stepId} ${validId('boundaryId', boundaryId)}`;
    if (this.links.has(key)) writeTransaction(this.ctx, () => this.links.delete(key));
  }

  /** Links the ladder to the couple's pause signal (a vocabulary entry), or unlinks it with null. */
  setPauseSignal(vocabularyId: string | null, partnerId: PartnerId): void {
    validId('partnerId', partnerId);
    const id = vocabularyId === null ? null : validId('vocabularyId', vocabularyId);
    writeTransaction(this.ctx, () => (id === null ? this.settings.delete('pauseSignalId') : this.settings.set('pauseSignalId', id)));
  }

  /** The linked pause signal's vocabulary id, if one is linked. */
  pauseSignalId(): string | undefined {
    const id = this.settings.get('pauseSignalId');
    return isId(id) ? id : undefined;
  }

  private writeRecord(who: PartnerId, stepId: string | null, pace: ClosenessPace, isBack: boolean): void {
    const records = this.records();
    const mine = records[who];
    const seen: Record<PartnerId, number> = {};
    for (const [partner, record] of Object.entries(records)) if (partner !== who) seen[partner] = record.backs;
    const now = this.ctx.now();
    const record: ClosenessConsentRecord = {
      stepId,
      pace,
      backs: (mine?.backs ?? 0) + (isBack ? 1 : 0),
      lastBackTo: isBack ? stepId : (mine?.lastBackTo ?? null),
      lastBackAt: isBack ? now : (mine?.lastBackAt ?? 0),
      seen,
      at: now,
    };
    writeTransaction(this.ctx, () => this.consent.set(who, record));
  }

  /** Every partner's consent record; one whose verified writer is someone else is ignored. */
  private records(): Record<PartnerId, ClosenessConsentRecord> {
    const out: Record<PartnerId, ClosenessConsentRecord> = {};
    for (const [partner, raw] of this.consent.entries()) {
      if (!isId(partner)) continue;
      const writer = lastWriter(this.consent, partner, this.ctx.authorOfClient);
      if (writer?.verified && writer.partnerId !== partner) continue;
      const record = parseConsentRecord(raw);
      if (record) out[partner] = record;
    }
    return out;
  }

  private customSteps(): CustomStep[] {
    const out: CustomStep[] = [];
    for (const [id, value] of this.custom.entries()) {
      if (!(value instanceof Y.Map)) continue;
      const f = value as Y.Map<unknown>;
      const title = f.get('title');
      const detail = f.get('detail');
      const removedAt = f.get('removedAt');
      if (!isText(title, LIMITS.title) || !isText(detail, LIMITS.step, true) || !isTime(removedAt) || removedAt > 0) continue;
      const author = itemAuthor(f, this.ctx.authorOfClient, 'createdBy');
      if (!author || !isTime(f.get('createdAt'))) continue;
      out.push({ id, title, detail, createdBy: author.partnerId });
    }
    return out;
  }

  private orderedIds(): string[] {
    return this.steps().map((s) => s.id);
  }

  private rankOf(id: string): number {
    const stored = this.order.get(id);
    if (typeof stored === 'number' && Number.isFinite(stored)) return stored;
    const builtIn = BUILT_IN_CLOSENESS_STEPS.findIndex((s) => s.id === id);
    return builtIn >= 0 ? (builtIn + 1) * RANK_GAP : Number.MAX_SAFE_INTEGER;
  }

  /** A rank between `after` and the step above it (or above the top). */
  private rankAfter(after: string | undefined, order: readonly string[]): number {
    if (after === undefined) return RANK_GAP;
    const low = this.rankOf(after);
    const next = order[order.indexOf(after) + 1];
    return next === undefined ? low + RANK_GAP : (low + this.rankOf(next)) / 2;
  }

  private boundaryLinks(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const key of [...this.links.keys()].sort()) {
      const [stepId, boundaryId, extra] = key.split(' ');
      if (!isId(stepId) || !isId(boundaryId) || extra !== undefined) continue;
      out.set(stepId, [...(out.get(stepId) ?? []), boundaryId]);
    }
    return out;
  }

  private knownStep(field: string, id: string): string {
    if (typeof id !== 'string' || !this.orderedIds().includes(id)) throw new ModelValidationError(field, 'unknown-id');
    return id;
  }

  private ownCustomStep(id: string, partnerId: PartnerId): Y.Map<unknown> {
    const who = validId('partnerId', partnerId);
    const step = this.customSteps().find((s) => s.id === id);
    if (!step) {
      if (BUILT_IN_CLOSENESS_STEPS.some((s) => s.id === id)) notAllowed('id');
      throw new ModelValidationError('id', 'unknown-id');
    }
    if (step.createdBy !== who) notAllowed('id');
    return this.custom.get(id) as Y.Map<unknown>;
  }
}
