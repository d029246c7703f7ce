/**
 * The triggers section: trigger → what tends to happen → the response we agreed, and the repair
 * sequence after it (apology → reassurance → commitment), co-signed with the response. Written
 * together, so either partner may edit any item. "Our agreed response" is agreed only once both
 * partners co-signed the trigger's canonical bytes (co-signatures.ts, the same machinery and
 * trust rule as agreements); every edit of its words draws a new `responseRevision`, so earlier
 * signatures read 'void' until both sign again.
 *
 *   const t = workbook.triggers.add({ trigger: 'Phone face down', whatHappens: 'I spiral', agreedResponse: 'Say who it is' }, me);
 *   workbook.triggers.update(t.id, me, { apology: 'I am sorry I hid it', reassurance: 'It is nothing to fear', commitment: 'We keep phones face up' });
 *   const signed = workbook.triggers.responseSignatures(t.id)!;
 *   const canonical = triggerCanonicalBytes(t);
 *   workbook.triggers.signResponse(t.id, me, { revision: signed.revision, deviceKey, signature: sign(canonical), contentHash });
 *   triggerResponseStatus(t, workbook.triggers.responseSignatures(t.id)!, verify, { partners });
 */
import * as Y from 'yjs';
import {
  coSignatureRecord,
  coSignatureStatus,
  readCoSignatures,
  verifiedSignedContent,
  type CoSignatureInput,
  type CoSignatureStatusOptions,
  type CoSigned,
} from './co-signatures.js';
import { ItemCollection, nestedMap, type CollectionRules, type ItemHistory, type ModelContext, type RemovedItem } from './collection.js';
import { randomItemId } from './item-ids.js';
import type { AgreementSignatureStatus, AgreementVerifier, PartnerId, TriggerItem } from './sections.js';
import { LIMITS, ModelValidationError, isId, isText, isTime, validId, validOptionalText, validText } from './validation.js';

const CANONICAL_CONTEXT = 'securebase/trigger-response/v1';
/** With a repair sequence: its three steps are agreed too (a v1 signature never covers them). */
const CANONICAL_CONTEXT_REPAIR = 'securebase/trigger-response/v2';

/** The revision of a trigger written before responses were co-signed (none stored). */
const ORIGINAL_REVISION = 'original';

/** The words a trigger's co-signature covers, in canonical order. */
const RESPONSE_FIELDS = ['trigger', 'whatHappens', 'agreedResponse'] as const;
/**
 * The repair sequence after a trigger, in the order the source practices give it: an apology,
 * then reassurance, ending on a mutual commitment to protect the bond.
 */
export const REPAIR_STEPS = ['apology', 'reassurance', 'commitment'] as const;
export type RepairStep = (typeof REPAIR_STEPS)[number];
const SIGNED_FIELDS = [...RESPONSE_FIELDS, ...REPAIR_STEPS] as const;
type SignedField = (typeof SIGNED_FIELDS)[number];

/** Does the trigger carry a repair sequence (any of its steps written)? */
export function hasRepairSequence(t: Pick<TriggerItem, RepairStep>): boolean {
  return REPAIR_STEPS.some((step) => t[step].trim().length > 0);
}

/**
 * Deterministic bytes of what both agree to: id, the trigger, what tends to happen and the
 * response, and the repair sequence when there is one. The context string differs from an
 * agreement's, so one signature can never be read as the other; a trigger without a repair
 * sequence keeps the v1 bytes, so responses agreed before sequences existed stay agreed.
 */
export function triggerCanonicalBytes(t: Pick<TriggerItem, 'id' | SignedField>): Uint8Array {
  const words = hasRepairSequence(t)
    ? [CANONICAL_CONTEXT_REPAIR, t.id, ...SIGNED_FIELDS.map((f) => t[f])]
    : [CANONICAL_CONTEXT, t.id, ...RESPONSE_FIELDS.map((f) => t[f])];
  return new TextEncoder().encode(JSON.stringify(words));
}

/** Each partner's state on a trigger's agreed response ('signed' / 'void' / 'unsigned'). */
export function triggerResponseStatus(
  t: TriggerItem,
  signed: CoSigned,
  verify: AgreementVerifier,
  opts: CoSignatureStatusOptions = {},
): AgreementSignatureStatus[] {
  return coSignatureStatus(signed, triggerCanonicalBytes(t), verify, opts);
}

/** One field that differs between what a partner signed and what the trigger says now. */
export interface TriggerFieldChange {
  field: SignedField;
  before: string;
  after: string;
}

/**
 * What changed since `partnerId` co-signed an earlier version: undefined when they signed the
 * current revision, never signed, or their signature does not verify over the words it keeps.
 */
export function changesSinceResponseSigned(t: TriggerItem, signed: CoSigned, partnerId: PartnerId, verify: AgreementVerifier): TriggerFieldChange[] | undefined {
  const content = verifiedSignedContent(signed.signatures[partnerId], signed.revision, verify);
  if (content === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || (parsed[0] !== CANONICAL_CONTEXT && parsed[0] !== CANONICAL_CONTEXT_REPAIR) || parsed[1] !== t.id) return undefined;
  const words = parsed as unknown[];
  const changes: TriggerFieldChange[] = [];
  SIGNED_FIELDS.forEach((field, i) => {
    // A v1 signature covered no repair sequence: its steps were empty then.
    const before = words[i + 2] ?? (i >= RESPONSE_FIELDS.length ? '' : undefined);
    if (typeof before === 'string' && before !== t[field]) changes.push({ field, before, after: t[field] });
  });
  return changes;
}

/** The editable fields of a trigger. */
export interface TriggerInput {
  trigger: string;
  whatHappens?: string;
  agreedResponse?: string;
  apology?: string;
  reassurance?: string;
  commitment?: string;
}

function parseTrigger(id: string, f: Y.Map<unknown>): TriggerItem | undefined {
  const trigger = f.get('trigger');
  const whatHappens = f.get('whatHappens');
  const agreedResponse = f.get('agreedResponse');
  const createdBy = f.get('createdBy');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!isText(trigger, LIMITS.title) || !isText(whatHappens, LIMITS.text, true) || !isText(agreedResponse, LIMITS.text, true)) return undefined;
  if (!isId(createdBy) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  // Triggers written before repair sequences have no steps stored: empty, not malformed.
  const step = (key: RepairStep): string | undefined => {
    const value = f.get(key) ?? '';
    return isText(value, LIMITS.text, true) ? value : undefined;
  };
  const [apology, reassurance, commitment] = REPAIR_STEPS.map(step);
  if (apology === undefined || reassurance === undefined || commitment === undefined) return undefined;
  return { id, trigger, whatHappens, agreedResponse, apology, reassurance, commitment, createdBy, createdAt, updatedAt };
}

/** Written together: either partner edits, and every change to the other's words is attributed. */
const RULES: CollectionRules = { section: 'triggers', authorKey: 'createdBy', contentKeys: [...SIGNED_FIELDS] };

/** Typed reads and validated writes of the triggers section. */
export class TriggersSection {
  private readonly items: ItemCollection<TriggerItem>;
  private readonly map: Y.Map<unknown>;

  constructor(private readonly ctx: ModelContext) {
    this.map = ctx.doc.getMap('triggers');
    this.items = new ItemCollection(ctx, this.map, parseTrigger, RULES);
  }

  /** All valid triggers, oldest first. */
  list(): TriggerItem[] {
    return this.items.list();
  }

  /** One trigger, or undefined. */
  get(id: string): TriggerItem | undefined {
    return this.items.get(id);
  }

  /** Adds a trigger; what happens and the agreed response may be filled in later. */
  add(input: TriggerInput, partnerId: PartnerId): TriggerItem {
    const trigger = validText('trigger', input.trigger, LIMITS.title);
    const whatHappens = validOptionalText('whatHappens', input.whatHappens ?? '', LIMITS.text);
    const agreedResponse = validOptionalText('agreedResponse', input.agreedResponse ?? '', LIMITS.text);
    const [apology = '', reassurance = '', commitment = ''] = REPAIR_STEPS.map((key) => validOptionalText(key, input[key] ?? '', LIMITS.text));
    const createdBy = validId('partnerId', partnerId);
    const id = randomItemId();
    const now = this.ctx.now();
    const item: TriggerItem = { id, trigger, whatHappens, agreedResponse, apology, reassurance, commitment, createdBy, createdAt: now, updatedAt: now };
    this.items.insert(id, {
      trigger,
      whatHappens,
      agreedResponse,
      apology,
      reassurance,
      commitment,
      createdBy,
      createdAt: now,
      updatedAt: now,
      responseRevision: randomItemId(),
      responseSignatures: new Y.Map<unknown>(),
    });
    return item;
  }

  /** Changes any of the fields; each field merges on its own with the other partner's edits. */
  update(id: string, partnerId: PartnerId, patch: Partial<TriggerInput>): void {
    const who = validId('partnerId', partnerId);
    const values: Record<string, string> = {};
    if (patch.trigger !== undefined) values['trigger'] = validText('trigger', patch.trigger, LIMITS.title);
    if (patch.whatHappens !== undefined) values['whatHappens'] = validOptionalText('whatHappens', patch.whatHappens, LIMITS.text);
    if (patch.agreedResponse !== undefined) values['agreedResponse'] = validOptionalText('agreedResponse', patch.agreedResponse, LIMITS.text);
    for (const key of REPAIR_STEPS) {
      const value = patch[key];
      if (value !== undefined) values[key] = validOptionalText(key, value, LIMITS.text);
    }
    this.items.update(
      id,
      (f, item) => {
        // Saving unchanged words is not an edit: it must not show as "edited by", nor void a signature.
        const changed = Object.entries(values).filter(([key, value]) => (item as unknown as Record<string, unknown>)[key] !== value);
        for (const [key, value] of changed) f.set(key, value);
        if (changed.length > 0) f.set('responseRevision', randomItemId());
        f.set('updatedAt', this.ctx.now());
      },
      who,
    );
  }

  /** The revision of a trigger's words and every partner's co-signature of them. */
  responseSignatures(id: string): CoSigned | undefined {
    const fields = this.map.get(id);
    if (!(fields instanceof Y.Map) || !this.items.get(id)) return undefined;
    const revision = fields.get('responseRevision');
    return { revision: isId(revision) ? revision : ORIGINAL_REVISION, signatures: readCoSignatures(fields.get('responseSignatures')) };
  }

  /**
   * Records the acting partner's co-signature of the words they read. Refused as 'stale' when
   * the trigger changed after they read it: they would be agreeing to words they never saw.
   */
  signResponse(id: string, partnerId: PartnerId, input: CoSignatureInput): void {
    const who = validId('partnerId', partnerId);
    const record = coSignatureRecord(input, this.ctx.now());
    const current = this.responseSignatures(id);
    if (!current) throw new ModelValidationError('id', 'unknown-id');
    if (current.revision !== record.revision) throw new ModelValidationError('revision', 'stale');
    this.items.update(id, (f, item) => {
      // The signed words stay with the signature, for "see what changed" after an edit.
      const content = new TextDecoder().decode(triggerCanonicalBytes(item));
      if (f.get('responseRevision') === undefined) f.set('responseRevision', ORIGINAL_REVISION);
      nestedMap(f, 'responseSignatures').set(who, { ...record, content });
    });
  }

  /** Withdraws the acting partner's own co-signature of the response. */
  withdrawResponseSignature(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f) => nestedMap(f, 'responseSignatures').delete(who));
  }

  /** Removes a trigger for both (either partner; attributed, and `restore` puts it back). */
  remove(id: string, partnerId: PartnerId): void {
    this.items.remove(id, validId('partnerId', partnerId));
  }

  /** Puts a removed trigger back. */
  restore(id: string, partnerId: PartnerId): void {
    this.items.restore(id, validId('partnerId', partnerId));
  }

  /** Removed triggers, most recent first, with who removed them. */
  removed(): RemovedItem<TriggerItem>[] {
    return this.items.removed();
  }

  /** Who wrote a trigger and what the other partner changed in it. */
  history(id: string): ItemHistory | undefined {
    return this.items.history(id);
  }
}
