/**
 * Invitations to talk about a fear or a desire (issue 17, part 4): one partner sends a small
 * card, in one of a few gentle framings or their own words; the other answers with one tap,
 * "yes, let's talk" or "later". Nothing else is recorded: there is no "seen", no "opened", and an
 * unanswered invitation just waits, so silence never reads as a refusal. "Later" can become a
 * yes whenever the invitee is ready; the sender can take the invitation back.
 *
 * Stored in the shared workbook (map `invitations`), one Y.Map per invitation. The card's words
 * are the sender's own (only they may withdraw it); the answer is the invitee's own: it counts
 * only when its verified writer is the other partner (ownership.ts `responseHolds`), so a
 * modified client cannot answer for someone.
 *
 *   const invitations = new Invitations(doc, { authorOfClient });
 *   const card = invitations.send(me, { topic: 'fear', framingId: 'fear-listen' });
 *   partnerInvitations.answer(card.id, partner, 'later');
 *   invitations.list()[0].answer  // { answer: 'later', at }
 */
import * as Y from 'yjs';
import { itemAuthor, lastWriter } from './authorship.js';
import { asRecord, writeTransaction, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import { prepareForWrite } from './migration.js';
import { responseHolds } from './ownership.js';
import type { PartnerId } from './sections.js';
import { ModelValidationError, isEnum, isId, isText, isTime, notAllowed, validEnum, validId, validOptionalText } from './validation.js';
import type { WorkbookOptions } from './workbook-options.js';

export const INVITATION_TOPICS = ['fear', 'desire'] as const;
export type InvitationTopic = (typeof INVITATION_TOPICS)[number];

export const INVITATION_ANSWERS = ['yes', 'later'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];

/** A framing the sender may choose: words that invite without asking for anything at once. */
export interface InvitationFraming {
  id: string;
  topic: InvitationTopic;
  text: string;
}

/**
 * The built-in framings. The wording follows the source practices' "explicit invitations to
 * disclose fears and desires" inside a secure base: it names the wish to listen, promises no
 * fixing and no hurry, and leaves the way out open (the answer "later" is always there).
 */
export const INVITATION_FRAMINGS: readonly InvitationFraming[] = [
  { id: 'fear-listen', topic: 'fear', text: 'Is there a worry you have been carrying? I would like to listen, without fixing anything.' },
  { id: 'fear-mine', topic: 'fear', text: 'There is a fear I would like to tell you about. Could we find a calm moment for it?' },
  { id: 'fear-us', topic: 'fear', text: 'Could we talk about what still scares us about us? Gently, and we can stop any time.' },
  { id: 'desire-wish', topic: 'desire', text: 'There is something I would love more of between us. Would you like to hear it?' },
  { id: 'desire-yours', topic: 'desire', text: 'I am curious what you long for, with me. Would you tell me, whenever you are ready?' },
  { id: 'desire-future', topic: 'desire', text: 'Could we share one wish each for our future, small or big?' },
];

/** Own words on a card: a few lines, not a letter (the talk itself is the letter). */
export const INVITATION_WORDS_MAX = 400;

/** One invitation as read. */
export interface Invitation {
  id: string;
  topic: InvitationTopic;
  /** A built-in framing's id, or undefined for own words only. */
  framingId: string | undefined;
  /** The sender's own words (may be empty when a framing was chosen). */
  words: string;
  by: PartnerId;
  at: number;
  /** The invitee's answer, when one holds; undefined while it waits. */
  answer: { answer: InvitationAnswer; at: number } | undefined;
}

/**
 * What the card says: the framing's words, then the sender's own. Only the framing's id is
 * stored, so each viewer may read it in their own language: `framingWords` gives a framing's
 * words (the English `text` when left out); the sender's own words stay as written.
 */
export function invitationText(
  invitation: Pick<Invitation, 'framingId' | 'words'>,
  framingWords: (framing: InvitationFraming) => string = (f) => f.text,
): string {
  const known = INVITATION_FRAMINGS.find((f) => f.id === invitation.framingId);
  const framing = known ? framingWords(known) : undefined;
  return [framing, invitation.words].filter((part): part is string => !!part).join(' ');
}

const MAP = 'invitations';

/** Typed reads and validated writes of the invitations. */
export class Invitations {
  private readonly ctx: ModelContext;
  private readonly map: Y.Map<unknown>;

  constructor(
    readonly doc: Y.Doc,
    opts: WorkbookOptions = {},
  ) {
    this.ctx = {
      doc,
      now: opts.now ?? Date.now,
      stampSchema: () => prepareForWrite(doc),
      ...(opts.authorOfClient ? { authorOfClient: opts.authorOfClient } : {}),
    };
    this.map = doc.getMap(MAP);
  }

  /** Every invitation still standing (not withdrawn), newest first. */
  list(): Invitation[] {
    const out: Invitation[] = [];
    for (const [id, value] of this.map.entries()) {
      if (!(value instanceof Y.Map)) continue;
      const invitation = this.read(id, value as Y.Map<unknown>);
      if (invitation) out.push(invitation);
    }
    return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1));
  }

  /** Invitations to `viewer` from the other partner that wait for an answer (or were put off). */
  waitingFor(viewer: PartnerId): Invitation[] {
    return this.list().filter((i) => i.by !== viewer && i.answer?.answer !== 'yes');
  }

  /** Sends an invitation: a built-in framing of that topic, own words, or both. */
  send(partnerId: PartnerId, input: { topic: InvitationTopic; framingId?: string; words?: string }): Invitation {
    const by = validId('partnerId', partnerId);
    const topic = validEnum('topic', input.topic, INVITATION_TOPICS);
    // Without a framing the words are the invitation: they must be there (a framing's words need none).
    const words = validOptionalText('words', input.words ?? '', INVITATION_WORDS_MAX);
    const framingId = input.framingId;
    if (framingId !== undefined && !INVITATION_FRAMINGS.some((f) => f.id === framingId && f.topic === topic)) {
      throw new ModelValidationError('framingId', 'unknown-id');
    }
    if (framingId === undefined && words.length === 0) throw new ModelValidationError('words', 'required');
    const id = randomItemId();
    const at = this.ctx.now();
    writeTransaction(this.ctx, () => {
      const fields = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({ topic, framingId: framingId ?? null, words, by, at })) fields.set(key, value);
      this.map.set(id, fields);
    });
    return { id, topic, framingId, words, by, at, answer: undefined };
  }

  /** The invitee's one-tap answer ('later' may become 'yes'). Refused for one's own invitation. */
  answer(id: string, partnerId: PartnerId, answer: InvitationAnswer): void {
    const who = validId('partnerId', partnerId);
    const value = validEnum('answer', answer, INVITATION_ANSWERS);
    const { fields, invitation } = this.existing(id);
    if (invitation.by === who) notAllowed('id');
    writeTransaction(this.ctx, () => fields.set('answer', { answer: value, by: who, at: this.ctx.now() }));
  }

  /** The sender takes the invitation back (it is gone for both). */
  withdraw(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const { invitation } = this.existing(id);
    if (invitation.by !== who) notAllowed('id');
    writeTransaction(this.ctx, () => this.map.delete(id));
  }

  private existing(id: string): { fields: Y.Map<unknown>; invitation: Invitation } {
    const fields = this.map.get(id);
    const invitation = fields instanceof Y.Map ? this.read(id, fields as Y.Map<unknown>) : undefined;
    if (!invitation || !(fields instanceof Y.Map)) throw new ModelValidationError('id', 'unknown-id');
    return { fields: fields as Y.Map<unknown>, invitation };
  }

  private read(id: string, f: Y.Map<unknown>): Invitation | undefined {
    const topic = f.get('topic');
    const framingId = f.get('framingId');
    const words = f.get('words');
    const at = f.get('at');
    const author = itemAuthor(f, this.ctx.authorOfClient, 'by');
    if (!isEnum(topic, INVITATION_TOPICS) || !isText(words, INVITATION_WORDS_MAX, true) || !isTime(at) || !author) return undefined;
    const framing = framingId === null ? undefined : INVITATION_FRAMINGS.find((x) => x.id === framingId && x.topic === topic);
    if (framingId !== null && !framing) return undefined;
    // A card with neither framing nor words says nothing: not an invitation.
    if (!framing && words.trim().length === 0) return undefined;
    return { id, topic, framingId: framing?.id, words, by: author.partnerId, at, answer: this.readAnswer(f, author.partnerId) };
  }

  /** The answer, if it is the invitee's own (never the sender's, never written for someone else). */
  private readAnswer(f: Y.Map<unknown>, sender: PartnerId): Invitation['answer'] {
    const raw = asRecord(f.get('answer'));
    if (!raw || !isEnum(raw['answer'], INVITATION_ANSWERS) || !isTime(raw['at']) || !isId(raw['by'])) return undefined;
    if (!responseHolds(raw['by'], sender, lastWriter(f, 'answer', this.ctx.authorOfClient))) return undefined;
    return { answer: raw['answer'], at: raw['at'] };
  }
}
