/**
 * The check-ins section: dated ratings (safety, closeness, stress from 1 to 5) with an
 * appreciation and a need. In 'open' mode each partner's answers are written as they are. In
 * 'simultaneous' mode neither sees the other's first: each partner commits to their answers
 * (a salted hash from @securebase/crypto's commitToAnswers over `checkInAnswerBytes`), and may
 * reveal only once both have committed; a commitment cannot be changed, so seeing the other's
 * answers cannot change one's own. The answers wait in the partner's private workbook meanwhile.
 *
 *   const c = workbook.checkins.create({ date: '2025-03-02', reveal: 'simultaneous' }, me);
 *   const { commitment, salt } = commitToAnswers(checkInAnswerBytes(answers));
 *   workbook.checkins.commit(c.id, me, b64(commitment));
 *   // ...partner commits...
 *   workbook.checkins.reveal(c.id, me, answers, b64(salt));
 *   visibleEntries(workbook.checkins.get(c.id)!, me, verifyAnswerCommitment);
 */
import { tryFromBase64Url } from '@securebase/protocol';
import * as Y from 'yjs';
import { ItemCollection, asRecord, nestedMap, readPartnerMap, type ModelContext } from './collection.js';
import { randomItemId } from './item-ids.js';
import {
  REVEAL_MODES,
  type CheckIn,
  type CheckInAnswers,
  type CheckInCommitment,
  type CheckInReveal,
  type CheckInTrendPoint,
  type CommitmentVerifier,
  type PartnerId,
  type Rating,
  type RevealMode,
  type RevealPhase,
  type VisibleCheckInEntry,
} from './sections.js';
import {
  LIMITS,
  ModelValidationError,
  isBase64url,
  isDate,
  isEnum,
  isId,
  isIntIn,
  isText,
  isTime,
  notAllowed,
  validBase64url,
  validDate,
  validEnum,
  validId,
  validInt,
  validOptionalText,
} from './validation.js';

const ANSWERS_CONTEXT = 'securebase/checkin-answers/v1';

/** Validated, trimmed answers; throws ModelValidationError naming the bad field. */
export function validCheckInAnswers(input: CheckInAnswers): CheckInAnswers {
  return {
    safety: validInt('safety', input.safety, 1, 5) as Rating,
    closeness: validInt('closeness', input.closeness, 1, 5) as Rating,
    stress: validInt('stress', input.stress, 1, 5) as Rating,
    appreciation: validOptionalText('appreciation', input.appreciation ?? '', LIMITS.checkin),
    need: validOptionalText('need', input.need ?? '', LIMITS.checkin),
  };
}

/**
 * Canonical bytes of one partner's answers, the input of the commitment. Answers are validated
 * and trimmed first, so what is committed is exactly what `reveal` stores.
 */
export function checkInAnswerBytes(answers: CheckInAnswers): Uint8Array {
  const a = validCheckInAnswers(answers);
  return new TextEncoder().encode(JSON.stringify([ANSWERS_CONTEXT, a.safety, a.closeness, a.stress, a.appreciation, a.need]));
}

/** Answers read from the document, or undefined when malformed. */
export function readCheckInAnswers(raw: unknown): CheckInAnswers | undefined {
  const r = asRecord(raw);
  if (!r) return undefined;
  const { safety, closeness, stress, appreciation, need } = r;
  if (!isIntIn(safety, 1, 5) || !isIntIn(closeness, 1, 5) || !isIntIn(stress, 1, 5)) return undefined;
  if (!isText(appreciation, LIMITS.checkin, true) || !isText(need, LIMITS.checkin, true)) return undefined;
  return { safety: safety as Rating, closeness: closeness as Rating, stress: stress as Rating, appreciation, need };
}

function parseCommitment(raw: unknown): CheckInCommitment | undefined {
  const r = asRecord(raw);
  if (!r || !isBase64url(r['commitment']) || !isTime(r['committedAt'])) return undefined;
  return { commitment: r['commitment'], committedAt: r['committedAt'] };
}

function parseReveal(raw: unknown): CheckInReveal | undefined {
  const r = asRecord(raw);
  const answers = r ? readCheckInAnswers(r['answers']) : undefined;
  if (!r || !answers || !isBase64url(r['salt']) || !isTime(r['revealedAt'])) return undefined;
  return { answers, salt: r['salt'], revealedAt: r['revealedAt'] };
}

function parseCheckIn(id: string, f: Y.Map<unknown>): CheckIn | undefined {
  const date = f.get('date');
  const reveal = f.get('reveal');
  const createdBy = f.get('createdBy');
  const createdAt = f.get('createdAt');
  if (!isDate(date) || !isEnum(reveal, REVEAL_MODES) || !isId(createdBy) || !isTime(createdAt)) return undefined;
  const checkin: CheckIn = {
    id,
    date,
    reveal,
    // Only the mode's own maps count: a peer cannot smuggle plain answers into a sealed check-in.
    entries: reveal === 'open' ? readPartnerMap(f.get('entries'), readCheckInAnswers) : {},
    commitments: reveal === 'simultaneous' ? readPartnerMap(f.get('commitments'), parseCommitment) : {},
    revealed: reveal === 'simultaneous' ? readPartnerMap(f.get('revealed'), parseReveal) : {},
    createdBy,
    createdAt,
  };
  // A removed check-in stays hidden only while it holds nothing from the other partner: answers
  // written at the same moment as the removal bring it back instead of vanishing with it.
  const removedBy = f.get('removedBy');
  if (isId(removedBy) && contributors(checkin).every((p) => p === removedBy)) return undefined;
  return checkin;
}

function contributors(c: CheckIn): PartnerId[] {
  return [...Object.keys(c.entries), ...Object.keys(c.commitments), ...Object.keys(c.revealed)];
}

/** Does the reveal open its commitment? (Without a verifier, reveals are taken as they are.) */
function revealMatches(checkin: CheckIn, partnerId: PartnerId, verify: CommitmentVerifier | undefined): boolean {
  const reveal = checkin.revealed[partnerId];
  const commitment = checkin.commitments[partnerId];
  if (!reveal || !commitment) return false;
  if (!verify) return true;
  const salt = tryFromBase64Url(reveal.salt);
  const committed = tryFromBase64Url(commitment.commitment);
  return !!salt && !!committed && verify(checkInAnswerBytes(reveal.answers), salt, committed);
}

/** True when at least two partners committed and every one of them revealed. */
function everyoneRevealed(checkin: CheckIn): boolean {
  const committed = Object.keys(checkin.commitments);
  return committed.length >= 2 && committed.every((p) => checkin.revealed[p] !== undefined);
}

/**
 * What `viewer` may see of each partner's answers (sorted by partnerId): everything in an open
 * check-in; in a simultaneous one, their own reveal at once and the other's only after both
 * revealed. Pass crypto's verifyAnswerCommitment as `verify` so a reveal that does not match
 * its commitment is marked 'invalid' and never shown.
 */
export function visibleEntries(checkin: CheckIn, viewer: PartnerId | undefined, verify?: CommitmentVerifier): VisibleCheckInEntry[] {
  if (checkin.reveal === 'open') {
    return Object.keys(checkin.entries)
      .sort()
      .map((partnerId) => ({ partnerId, state: 'visible' as const, answers: checkin.entries[partnerId] ?? null }));
  }
  const all = everyoneRevealed(checkin);
  const partners = [...new Set([...Object.keys(checkin.commitments), ...Object.keys(checkin.revealed)])].sort();
  return partners.map((partnerId): VisibleCheckInEntry => {
    const reveal = checkin.revealed[partnerId];
    if (!reveal) return { partnerId, state: 'hidden', answers: null };
    if (!revealMatches(checkin, partnerId, verify)) return { partnerId, state: 'invalid', answers: null };
    return all || partnerId === viewer ? { partnerId, state: 'visible', answers: reveal.answers } : { partnerId, state: 'hidden', answers: null };
  });
}

/** The viewer's next step in a simultaneous check-in. */
export function revealPhase(checkin: CheckIn, viewer: PartnerId): RevealPhase {
  if (!checkin.commitments[viewer]) return 'commit';
  const others = Object.keys(checkin.commitments).filter((p) => p !== viewer);
  if (others.length === 0) return 'waiting-for-partner';
  if (!checkin.revealed[viewer]) return 'reveal';
  return others.every((p) => checkin.revealed[p]) ? 'revealed' : 'waiting-for-reveal';
}

/** Options of `trend`. */
export interface TrendOptions {
  /** Whose view: their own single reveal counts; default, only what both may see. */
  viewer?: PartnerId;
  verify?: CommitmentVerifier;
}

/** Typed reads and validated writes of the check-ins section. */
export class CheckInsSection {
  private readonly items: ItemCollection<CheckIn>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('checkins'), parseCheckIn);
  }

  /** All valid check-ins, by date, then creation. */
  list(): CheckIn[] {
    return this.items.list().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  /** One check-in, or undefined. */
  get(id: string): CheckIn | undefined {
    return this.items.get(id);
  }

  /** Starts a check-in for `date` (YYYY-MM-DD); 'open' unless `reveal` says 'simultaneous'. */
  create(input: { date: string; reveal?: RevealMode }, partnerId: PartnerId): CheckIn {
    const date = validDate('date', input.date);
    const reveal = validEnum('reveal', input.reveal ?? 'open', REVEAL_MODES);
    const createdBy = validId('partnerId', partnerId);
    const id = randomItemId();
    const createdAt = this.ctx.now();
    // The nested maps exist from the start: if each replica created its own on first write,
    // the two would collide under one key and one partner's answers would be lost.
    const maps = reveal === 'open' ? { entries: new Y.Map() } : { commitments: new Y.Map(), revealed: new Y.Map() };
    this.items.insert(id, { date, reveal, ...maps, createdBy, createdAt });
    return { id, date, reveal, entries: {}, commitments: {}, revealed: {}, createdBy, createdAt };
  }

  /** Writes the acting partner's own answers in an open check-in. */
  setEntry(id: string, partnerId: PartnerId, answers: CheckInAnswers): void {
    const who = validId('partnerId', partnerId);
    const value = validCheckInAnswers(answers);
    this.items.update(id, (f, checkin) => {
      if (checkin.reveal !== 'open') notAllowed('reveal');
      nestedMap(f, 'entries').set(who, value);
    });
  }

  /** Removes the acting partner's own answers from an open check-in. */
  clearEntry(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f, checkin) => {
      if (checkin.reveal !== 'open') notAllowed('reveal');
      nestedMap(f, 'entries').delete(who);
    });
  }

  /** Seals the acting partner's answers in a simultaneous check-in; once only. */
  commit(id: string, partnerId: PartnerId, commitmentB64: string): void {
    const who = validId('partnerId', partnerId);
    const commitment = validBase64url('commitment', commitmentB64);
    this.items.update(id, (f, checkin) => {
      if (checkin.reveal !== 'simultaneous') notAllowed('reveal');
      if (checkin.commitments[who]) notAllowed('commitment');
      nestedMap(f, 'commitments').set(who, { commitment, committedAt: this.ctx.now() });
    });
  }

  /**
   * Reveals the acting partner's answers and salt: only after both partners committed, once
   * only, and (with `verify`) only if they open the commitment.
   */
  reveal(id: string, partnerId: PartnerId, answers: CheckInAnswers, saltB64: string, verify?: CommitmentVerifier): void {
    const who = validId('partnerId', partnerId);
    const value = validCheckInAnswers(answers);
    const salt = validBase64url('salt', saltB64);
    this.items.update(id, (f, checkin) => {
      if (checkin.reveal !== 'simultaneous') notAllowed('reveal');
      const mine = checkin.commitments[who];
      const others = Object.keys(checkin.commitments).filter((p) => p !== who);
      if (!mine || others.length === 0) notAllowed('reveal');
      if (checkin.revealed[who]) notAllowed('reveal');
      if (verify) {
        const saltBytes = tryFromBase64Url(salt);
        const committed = tryFromBase64Url(mine.commitment);
        if (!saltBytes || !committed || !verify(checkInAnswerBytes(value), saltBytes, committed)) {
          throw new ModelValidationError('salt', 'invalid-value');
        }
      }
      nestedMap(f, 'revealed').set(who, { answers: value, salt, revealedAt: this.ctx.now() });
    });
  }

  /**
   * Removes a check-in: its creator only, and never while it holds the other's answers. Marked
   * removed rather than deleted (see parseCheckIn); malformed items are deleted outright.
   */
  remove(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    const c = this.items.get(id);
    if (!c) {
      this.items.remove(id);
      return;
    }
    if (c.createdBy !== who || contributors(c).some((p) => p !== who)) notAllowed('id');
    this.items.update(id, (f) => f.set('removedBy', who));
  }

  /** What `viewer` may see of each partner's answers (see `visibleEntries`). */
  visibleEntries(checkin: CheckIn, viewer: PartnerId | undefined, verify?: CommitmentVerifier): VisibleCheckInEntry[] {
    return visibleEntries(checkin, viewer, verify);
  }

  /** Ratings over time for the chart, in date order, only as the viewer may see them. */
  trend(opts: TrendOptions = {}): CheckInTrendPoint[] {
    const points: CheckInTrendPoint[] = [];
    for (const c of this.list()) {
      for (const e of visibleEntries(c, opts.viewer, opts.verify)) {
        if (e.state !== 'visible' || !e.answers) continue;
        const { safety, closeness, stress } = e.answers;
        points.push({ date: c.date, partnerId: e.partnerId, safety, closeness, stress });
      }
    }
    return points;
  }
}
