/**
 * The boundaries section: consent and pace topics, each with every partner's own answer
 * (yes / maybe / not now / no) and note. Answers live in a nested Y.Map keyed by partnerId and
 * each write names the acting partner, who can only ever write their own key: no call here lets
 * one partner change, hide or delete the other's answer, and `hasNo` makes a "no" impossible to
 * miss.
 *
 *   const b = workbook.boundaries.add({ topic: 'Talking about the affair after 9pm' }, me);
 *   workbook.boundaries.setAnswer(b.id, me, { preference: 'not-now', note: 'Mornings are better' });
 *   workbook.boundaries.list().filter((x) => x.hasNo); // always shown
 */
import * as Y from 'yjs';
import { ItemCollection, asRecord, nestedMap, readPartnerMap, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import {
  CONSENT_PREFERENCES,
  type BoundaryAnswer,
  type BoundaryItem,
  type ConsentPreference,
  type PartnerId,
} from './sections.js';
import {
  LIMITS,
  isEnum,
  isId,
  isText,
  isTime,
  notAllowed,
  validEnum,
  validId,
  validOptionalText,
  validText,
} from './validation.js';

/** A partner's answer as a caller supplies it. */
export interface BoundaryAnswerInput {
  preference: ConsentPreference;
  note?: string;
}

function parseAnswer(raw: unknown): BoundaryAnswer | undefined {
  const r = asRecord(raw);
  if (!r || !isEnum(r['preference'], CONSENT_PREFERENCES) || !isText(r['note'], LIMITS.text, true)) return undefined;
  if (!isTime(r['updatedAt'])) return undefined;
  return { preference: r['preference'], note: r['note'], updatedAt: r['updatedAt'] };
}

function parseBoundary(id: string, fields: Y.Map<unknown>): BoundaryItem | undefined {
  const topic = fields.get('topic');
  const createdBy = fields.get('createdBy');
  const createdAt = fields.get('createdAt');
  const updatedAt = fields.get('updatedAt');
  if (!isText(topic, LIMITS.title) || !isId(createdBy) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const answers = readPartnerMap(fields.get('answers'), parseAnswer);
  const removedBy = fields.get('removedBy');
  // A removed topic stays hidden only while it holds nothing but the remover's own answer: if
  // the other partner answered at the same time (perhaps "no"), the topic comes back with it.
  if (isId(removedBy) && Object.keys(answers).every((p) => p === removedBy)) return undefined;
  const hasNo = Object.values(answers).some((a) => a.preference === 'no');
  return { id, topic, answers, hasNo, createdBy, createdAt, updatedAt };
}

function validAnswer(input: BoundaryAnswerInput, now: number): BoundaryAnswer {
  return {
    preference: validEnum('preference', input.preference, CONSENT_PREFERENCES),
    note: input.note === undefined ? '' : validOptionalText('note', input.note, LIMITS.text),
    updatedAt: now,
  };
}

/** Typed reads and validated, owner-only writes of the boundaries section. */
export class BoundariesSection {
  private readonly items: ItemCollection<BoundaryItem>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('boundaries'), parseBoundary);
  }

  /** All valid topics, oldest first; `hasNo` is set on every topic someone said no to. */
  list(): BoundaryItem[] {
    return this.items.list();
  }

  /** One topic, or undefined. */
  get(id: string): BoundaryItem | undefined {
    return this.items.get(id);
  }

  /** Adds a topic; `answer`, if given, is the author's own answer. */
  add(input: { topic: string; answer?: BoundaryAnswerInput }, partnerId: PartnerId): BoundaryItem {
    const topic = validText('topic', input.topic, LIMITS.title);
    const author = validId('partnerId', partnerId);
    const now = this.ctx.now();
    const answer = input.answer ? validAnswer(input.answer, now) : undefined;
    const id = randomItemId();
    const answers = new Y.Map<unknown>();
    if (answer) answers.set(author, answer);
    this.items.insert(id, { topic, answers, createdBy: author, createdAt: now, updatedAt: now });
    return { id, topic, answers: answer ? { [author]: answer } : {}, hasNo: answer?.preference === 'no', createdBy: author, createdAt: now, updatedAt: now };
  }

  /** Writes the acting partner's own answer (and only theirs: the key is `partnerId`). */
  setAnswer(id: string, partnerId: PartnerId, input: BoundaryAnswerInput): void {
    const who = validId('partnerId', partnerId);
    const now = this.ctx.now();
    const answer = validAnswer(input, now);
    this.items.update(id, (f) => {
      nestedMap(f, 'answers').set(who, answer);
      f.set('updatedAt', now);
    });
  }

  /** Withdraws the acting partner's own answer. */
  clearAnswer(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f) => {
      nestedMap(f, 'answers').delete(who);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /**
   * Rewords a topic: only its author, and only while nobody else has answered, because changing
   * the words would change what the other partner's answer (perhaps a "no") means.
   */
  setTopic(id: string, partnerId: PartnerId, topic: string): void {
    const who = validId('partnerId', partnerId);
    const value = validText('topic', topic, LIMITS.title);
    const item = this.items.get(id);
    if (item && (item.createdBy !== who || answeredByOthers(item, who))) notAllowed('topic');
    this.items.update(id, (f) => {
      f.set('topic', value);
      f.set('updatedAt', this.ctx.now());
    });
  }

  /**
   * Removes a topic: only its author, and never while it holds the other partner's answer. It
   * is marked removed rather than deleted, so an answer the other partner writes concurrently
   * is never lost with it (the topic then shows again). Malformed items are deleted outright.
   */
  remove(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const item = this.items.get(id);
    if (!item) {
      this.items.remove(id);
      return;
    }
    if (item.createdBy !== who || answeredByOthers(item, who)) notAllowed('id');
    this.items.update(id, (f) => f.set('removedBy', who));
  }
}

function answeredByOthers(item: BoundaryItem, who: PartnerId): boolean {
  return Object.keys(item.answers).some((p) => p !== who);
}
