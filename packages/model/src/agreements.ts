/**
 * The agreements section: de-escalation scripts, repair rituals, time-outs, secure-base
 * scripts and the check-in rhythm, each co-signed by both partners. A partner's device signs
 * `agreementCanonicalBytes(agreement)`; any edit makes a new `revision`, so every signature
 * made before it reads as 'void' (kept, and shown as such) until both sign again. The model
 * never touches crypto: the caller signs, and passes the verify function in to read status.
 *
 *   const a = workbook.agreements.add({ kind: 'time-out' }, me);
 *   const sig = signAgreement(device, agreementCanonicalBytes(a)); // @securebase/crypto
 *   workbook.agreements.sign(a.id, me, { revision: a.revision, deviceKey, signature, contentHash });
 *   signatureStatus(workbook.agreements.get(a.id)!, verify, { partners: [me, partner] });
 */
import * as Y from 'yjs';
import { isAgreementField, validAgreementField } from './agreement-fields.js';
import { agreementTemplate, defaultAgreementFields } from './agreement-templates.js';
import { coSignatureRecord, coSignatureStatus, readCoSignatures, verifiedSignedContent, type CoSignatureInput, type CoSignatureStatusOptions } from './co-signatures.js';
import { ItemCollection, nestedMap, type CollectionRules, type ItemHistory, type ModelContext, type RemovedItem } from './collection.js';
import { randomItemId } from './item-ids.js';
import {
  AGREEMENT_KINDS,
  type Agreement,
  type AgreementFieldValue,
  type AgreementFieldsByKind,
  type AgreementKind,
  type AgreementSignatureStatus,
  type AgreementVerifier,
  type PartnerId,
} from './sections.js';
import {
  LIMITS,
  ModelValidationError,
  isId,
  isText,
  isTime,
  validEnum,
  validId,
  validText,
} from './validation.js';

/** What a signing device hands over (binary values as base64url); see co-signatures.ts. */
export type AgreementSignatureInput = CoSignatureInput;

const CANONICAL_CONTEXT = 'securebase/agreement-content/v1';

/**
 * Deterministic bytes of what an agreement says: id, kind, title and every template field in
 * template order. Signatures, revision and timestamps are not content and are left out.
 */
export function agreementCanonicalBytes(agreement: Pick<Agreement, 'id' | 'kind' | 'title' | 'fields'>): Uint8Array {
  const fields = agreement.fields as Record<string, AgreementFieldValue | undefined>;
  const template = agreementTemplate(agreement.kind);
  // JSON of strings, integers and arrays is deterministic; the array fixes the order.
  const content = [
    CANONICAL_CONTEXT,
    agreement.id,
    agreement.kind,
    agreement.title,
    template.fields.filter((f) => !(f.added && fields[f.name] === undefined)).map((f) => [f.name, fields[f.name] ?? null]),
  ];
  return new TextEncoder().encode(JSON.stringify(content));
}

/** Options of `signatureStatus`. */
export type SignatureStatusOptions = CoSignatureStatusOptions;

/**
 * Each partner's state on an agreement: 'signed' when their signature is for the current
 * revision and verifies over the current content, 'void' when the content changed since (or
 * it does not verify), 'unsigned' when they never signed. Sorted by partnerId.
 */
export function signatureStatus(
  agreement: Agreement,
  verify: AgreementVerifier,
  opts: SignatureStatusOptions = {},
): AgreementSignatureStatus[] {
  return coSignatureStatus(agreement, agreementCanonicalBytes(agreement), verify, opts);
}

/** True when every one of `partners` has a signature that holds on the current content. */
export function isFullySigned(agreement: Agreement, verify: AgreementVerifier, partners: readonly PartnerId[]): boolean {
  return partners.length > 0 && signatureStatus(agreement, verify, { partners }).every((s) => s.state === 'signed');
}

/** One field that differs between what a partner signed and what the agreement says now. */
export interface SignedFieldChange {
  /** 'title' or a template field name. */
  field: string;
  before: AgreementFieldValue | null;
  after: AgreementFieldValue | null;
}

/**
 * What changed since `partnerId` signed an earlier version: undefined when they signed the
 * current revision, never signed, or their earlier signature does not verify over the words it
 * keeps (then nothing trustworthy can be said about what they agreed to).
 */
export function changesSinceSigned(agreement: Agreement, partnerId: PartnerId, verify: AgreementVerifier): SignedFieldChange[] | undefined {
  const content = verifiedSignedContent(agreement.signatures[partnerId], agreement.revision, verify);
  if (content === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed[0] !== CANONICAL_CONTEXT || parsed[1] !== agreement.id || parsed[2] !== agreement.kind) return undefined;
  const signedFields = new Map<string, AgreementFieldValue | null>();
  if (Array.isArray(parsed[4])) for (const pair of parsed[4] as unknown[]) if (Array.isArray(pair) && typeof pair[0] === 'string') signedFields.set(pair[0], pair[1] as AgreementFieldValue | null);
  const changes: SignedFieldChange[] = [];
  if (parsed[3] !== agreement.title) changes.push({ field: 'title', before: typeof parsed[3] === 'string' ? parsed[3] : null, after: agreement.title });
  const now = agreement.fields as Record<string, AgreementFieldValue>;
  for (const field of agreementTemplate(agreement.kind).fields) {
    const before = signedFields.get(field.name) ?? null;
    const after = now[field.name] ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ field: field.name, before, after });
  }
  return changes;
}

function parseAgreement(id: string, f: Y.Map<unknown>): Agreement | undefined {
  const kind = f.get('kind');
  const title = f.get('title');
  const revision = f.get('revision');
  const createdBy = f.get('createdBy');
  const createdAt = f.get('createdAt');
  const updatedAt = f.get('updatedAt');
  if (!validKind(kind) || !isText(title, LIMITS.title) || !isId(revision)) return undefined;
  if (!isId(createdBy) || !isTime(createdAt) || !isTime(updatedAt)) return undefined;
  const stored = f.get('fields');
  if (!(stored instanceof Y.Map)) return undefined;
  const fields: Record<string, AgreementFieldValue> = {};
  for (const field of agreementTemplate(kind).fields) {
    const value = (stored as Y.Map<unknown>).get(field.name);
    // A field added to the template later may be missing from an agreement written before it.
    if (field.added && value === undefined) continue;
    // Every other field is required: an agreement missing one cannot be shown or signed faithfully.
    if (!isAgreementField(field, value)) return undefined;
    fields[field.name] = Array.isArray(value) ? [...value] : value;
  }
  const signatures = readCoSignatures(f.get('signatures'));
  // The fields were checked against this kind's template just above.
  return { id, kind, title, fields, revision, signatures, createdBy, createdAt, updatedAt } as Agreement;
}

function validKind(value: unknown): value is AgreementKind {
  return typeof value === 'string' && (AGREEMENT_KINDS as readonly string[]).includes(value);
}

/** Written together: either partner edits (attributed, and every edit voids the signatures). */
const RULES: CollectionRules = { section: 'agreements', authorKey: 'createdBy', contentKeys: ['title', 'fields.*'] };

/** Typed reads and validated writes of the agreements section. */
export class AgreementsSection {
  private readonly items: ItemCollection<Agreement>;

  constructor(private readonly ctx: ModelContext) {
    this.items = new ItemCollection(ctx, ctx.doc.getMap('agreements'), parseAgreement, RULES);
  }

  /** All valid agreements, oldest first. */
  list(): Agreement[] {
    return this.items.list();
  }

  /** One agreement, or undefined. */
  get(id: string): Agreement | undefined {
    return this.items.get(id);
  }

  /** Adds an agreement of `kind`; missing title and fields come from the kind's template. */
  add<K extends AgreementKind>(
    input: { kind: K; title?: string; fields?: Partial<AgreementFieldsByKind[K]> },
    partnerId: PartnerId,
  ): Extract<Agreement, { kind: K }> {
    const kind = validEnum('kind', input.kind, AGREEMENT_KINDS);
    const template = agreementTemplate(kind);
    const title = validText('title', input.title ?? template.defaultTitle, LIMITS.title);
    const author = validId('partnerId', partnerId);
    const given = (input.fields ?? {}) as Record<string, unknown>;
    const defaults = defaultAgreementFields(kind) as Record<string, unknown>;
    const fields = new Y.Map<unknown>();
    const plain: Record<string, AgreementFieldValue> = {};
    for (const field of template.fields) {
      const value = validAgreementField(field, given[field.name] ?? defaults[field.name]);
      plain[field.name] = value;
    }
    for (const [name, value] of Object.entries(plain)) fields.set(name, value);
    const id = randomItemId();
    const revision = randomItemId();
    const now = this.ctx.now();
    this.items.insert(id, { kind, title, fields, revision, signatures: new Y.Map<unknown>(), createdBy: author, createdAt: now, updatedAt: now });
    // `plain` holds exactly the template fields of `kind`, validated above.
    return { id, kind, title, fields: plain, revision, signatures: {}, createdBy: author, createdAt: now, updatedAt: now } as unknown as Extract<
      Agreement,
      { kind: K }
    >;
  }

  /** Renames an agreement; voids every signature until re-affirmed. */
  setTitle(id: string, partnerId: PartnerId, title: string): void {
    validId('partnerId', partnerId);
    const value = validText('title', title, LIMITS.title);
    // Saving unchanged words is not an edit: it must not void anyone's signature.
    if (this.items.get(id)?.title === value) return;
    this.edit(id, partnerId, (f) => f.set('title', value));
  }

  /** Changes one template field (validated against the agreement's kind); voids signatures. */
  setField(id: string, partnerId: PartnerId, name: string, value: AgreementFieldValue): void {
    validId('partnerId', partnerId);
    const current = this.items.get(id);
    if (!current) throw new ModelValidationError('id', 'unknown-id');
    const field = agreementTemplate(current.kind).fields.find((f) => f.name === name);
    if (!field) throw new ModelValidationError('field', 'invalid-value');
    const normalised = validAgreementField(field, value);
    const before = (current.fields as Record<string, AgreementFieldValue>)[name];
    if (JSON.stringify(before) === JSON.stringify(normalised)) return;
    this.edit(id, partnerId, (f) => nestedMap(f, 'fields').set(name, normalised));
  }

  /**
   * Records the acting partner's signature over the revision they read. Refused as 'stale'
   * when the agreement changed after they read it: they would be signing words they never saw.
   */
  sign(id: string, partnerId: PartnerId, input: AgreementSignatureInput): void {
    const who = validId('partnerId', partnerId);
    const record = coSignatureRecord(input, this.ctx.now());
    this.items.update(id, (f, agreement) => {
      if (agreement.revision !== record.revision) throw new ModelValidationError('revision', 'stale');
      // The signed words are kept with the signature, so after an edit both can see what changed
      // since (the signature still verifies over them, so nobody can fake what was agreed).
      const content = new TextDecoder().decode(agreementCanonicalBytes(agreement));
      nestedMap(f, 'signatures').set(who, { ...record, content });
    });
  }

  /** Withdraws the acting partner's own signature. */
  withdrawSignature(id: string, partnerId: PartnerId): void {
    const who = validId('partnerId', partnerId);
    this.items.update(id, (f) => nestedMap(f, 'signatures').delete(who));
  }

  /** Deletes an agreement (either partner: an agreement needs both to stand). */
  remove(id: string, partnerId: PartnerId): void {
    this.items.remove(id, validId('partnerId', partnerId));
  }

  /** Puts a removed agreement back (its signatures with it). */
  restore(id: string, partnerId: PartnerId): void {
    this.items.restore(id, validId('partnerId', partnerId));
  }

  /** Removed agreements, most recent first. */
  removed(): RemovedItem<Agreement>[] {
    return this.items.removed();
  }

  /** Who wrote an agreement and what the other partner changed in it. */
  history(id: string): ItemHistory | undefined {
    return this.items.history(id);
  }

  /** Each partner's signature state (see `signatureStatus`). */
  signatureStatus(agreement: Agreement, verify: AgreementVerifier, opts?: SignatureStatusOptions): AgreementSignatureStatus[] {
    return signatureStatus(agreement, verify, opts);
  }

  // Every content edit draws a new revision: signatures of the old one stay stored and read 'void'.
  private edit(id: string, partnerId: PartnerId, change: (fields: Y.Map<unknown>) => void): void {
    this.items.update(
      id,
      (f) => {
        change(f);
        f.set('revision', randomItemId());
        f.set('updatedAt', this.ctx.now());
      },
      partnerId,
    );
  }
}
