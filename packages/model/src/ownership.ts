/**
 * Who may change what — one rule for every section (documented in docs/ARCHITECTURE.md, "Who
 * may change what"):
 *
 *   - Your own words are yours: you may edit and remove them.
 *   - Your partner's words you may always answer: comment, acknowledge, triage, give your own
 *     answer or meaning beside them.
 *   - In what you write together (triggers, agreements, the shared words of the vocabulary),
 *     you may also edit or remove what your partner wrote — and every such change is
 *     attributed ("edited by Jonah", "removed by Jonah · Undo"), shown with what changed, and
 *     undoable. Removal is a marker, never a delete, so it stays in a history both can see.
 *   - In what is one person's own (wins, reframes, inbox notes, story perspectives, boundary and
 *     check-in answers), only that person edits or removes. Anything else is refused with
 *     reason 'not-allowed', and readers ignore such a change even if a modified client made it.
 *
 * The author is always read from the verified client binding (authorship.ts), never from a
 * stored field, whenever the binding knows the writer.
 *
 *   const decision = ownershipDecision('own-words', 'remove', me, win.by);
 *   if (!decision.allowed) show(OWNERSHIP_REFUSAL); // "This is in …'s words…"
 */
import type { PartnerId, SectionName } from './sections.js';
import { notAllowed } from './validation.js';

/** 'together': written jointly, either partner edits (attributed). 'own-words': the author only. */
export type ItemOwnership = 'together' | 'own-words';

/** What someone wants to do to an item. 'respond' = comment, acknowledge, triage, answer beside. */
export type OwnershipChange = 'edit' | 'remove' | 'restore' | 'respond';

/** How each section's items are owned (the vocabulary's meanings are each partner's own key). */
export const SECTION_OWNERSHIP: Readonly<Record<SectionName, ItemOwnership>> = {
  vocabulary: 'together',
  boundaries: 'own-words',
  narrative: 'own-words',
  agreements: 'together',
  triggers: 'together',
  checkins: 'own-words',
  wins: 'own-words',
  reframes: 'own-words',
  inbox: 'own-words',
};

export interface OwnershipDecision {
  allowed: boolean;
  /** True when the change is to someone else's words: it must show who made it, and be undoable. */
  attributed: boolean;
}

/** THE rule: may `actor` make `change` to an item `author` wrote, in a section owned as `ownership`? */
export function ownershipDecision(
  ownership: ItemOwnership,
  change: OwnershipChange,
  actor: PartnerId,
  author: PartnerId | undefined,
): OwnershipDecision {
  const own = author !== undefined && actor === author;
  if (own) return { allowed: true, attributed: false };
  if (change === 'respond') return { allowed: true, attributed: false };
  return { allowed: ownership === 'together', attributed: true };
}

/** The rule for a section by name. */
export function sectionDecision(section: SectionName, change: OwnershipChange, actor: PartnerId, author: PartnerId | undefined): OwnershipDecision {
  return ownershipDecision(SECTION_OWNERSHIP[section], change, actor, author);
}

/** Throws ModelValidationError('id', 'not-allowed') when the rule refuses the change. */
export function assertMayChange(section: SectionName, change: OwnershipChange, actor: PartnerId, author: PartnerId | undefined): void {
  if (!sectionDecision(section, change, actor, author).allowed) notAllowed('id');
}

/**
 * A response to someone's own item (a reaction or a word beside a win): the other partner may
 * give one, in their own name; nobody responds to themselves, and nobody edits the item by
 * responding. Stored under the responder's key; `responseHolds` is how readers check it.
 */
export function mayRespond(section: SectionName, actor: PartnerId, author: PartnerId | undefined): boolean {
  return author !== undefined && actor !== author && sectionDecision(section, 'respond', actor, author).allowed;
}

/**
 * Does a response stored under `responder` count? Only if the verified writer is that responder
 * (and not the item's author): a modified client cannot put words in the other's mouth, nor
 * the author answer their own win. Without a binding the stored key is taken as it is.
 */
export function responseHolds(responder: PartnerId, author: PartnerId | undefined, writer: { partnerId: PartnerId; verified: boolean } | undefined): boolean {
  if (responder === author) return false;
  return !writer?.verified || writer.partnerId === responder;
}

/**
 * How long a removal stays in place as "removed by … · Undo" before it moves to the history
 * (where it can still be put back).
 */
export const UNDO_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
