/**
 * Who wrote an item and who last changed each of its fields, read from the Yjs structs
 * themselves: every struct carries the client id that wrote it, and `authorOfClient` (the
 * verified binding of client id → signing device → partner, from sync) names the partner. A
 * stored `createdBy` / `by` is only a claim any client can write, so it counts only when the
 * binding does not know a client (data from before bindings existed), and is then marked
 * `verified: false`.
 *
 * With `gc: false` an overwritten Y.Map value stays as a deleted Item with its content, so the
 * older values of a field (and who wrote them) can be read back: that is the edit history.
 *
 *   const who = itemAuthor(fields, resolve, 'createdBy'); // { partnerId: 'maya…', verified: true }
 *   fieldHistory(fields, 'whatHappens', resolve);      // newest first
 */
import * as Y from 'yjs';
import type { PartnerId } from './sections.js';
import { isId } from './validation.js';

/** The verified client → partner binding (see WorkbookOptions.authorOfClient). */
export type AuthorResolver = (clientId: number) => PartnerId | undefined;

/** A partner named as the writer of something, and whether the signing device vouches for it. */
export interface Authorship {
  partnerId: PartnerId;
  /** True when read from the verified client binding; false when only a stored claim says so. */
  verified: boolean;
}

/** One value a field held, newest first in a history. */
export interface FieldVersion {
  value: unknown;
  /** Who wrote this value (undefined when neither the binding nor a claim names anyone). */
  by: Authorship | undefined;
  /** False when the value itself was collected (a document with gc on): only its writer is known. */
  known: boolean;
}

/** Keys whose stored value is a writer's claim about who they are (used only as a fallback). */
const CLAIM_KEYS = ['createdBy', 'by', 'updatedBy', 'removedBy'] as const;

interface StructLike {
  id: { client: number };
  left: StructLike | null;
  parentSub: string | null;
  deleted: boolean;
  content: { getContent(): unknown[] };
}

/** The current Item under `key` of a Y.Map (Yjs keeps it in `_map`). */
function currentStruct(map: Y.Map<unknown>, key: string): StructLike | undefined {
  const internal = (map as unknown as { _map: Map<string, StructLike> })._map;
  return internal.get(key);
}

/** Every struct written under `key`, newest first (older ones are deleted Items, kept with gc off). */
function structsOf(map: Y.Map<unknown>, key: string): StructLike[] {
  const out: StructLike[] = [];
  let s: unknown = currentStruct(map, key);
  // Older values are the Items to the left with the same key (a GC'd struct ends the walk).
  while (s instanceof Y.Item && s.parentSub === key) {
    out.push(s as unknown as StructLike);
    s = s.left;
  }
  return out;
}

/**
 * client id → the partner it claimed to be inside this item (its own writes of createdBy/by/
 * updatedBy/removedBy). Only a fallback for clients the verified binding does not know.
 */
function claimsIn(map: Y.Map<unknown>): Map<number, PartnerId> {
  const claims = new Map<number, PartnerId>();
  for (const key of CLAIM_KEYS) {
    for (const s of structsOf(map, key).reverse()) {
      const value = s.content.getContent().at(-1);
      if (isId(value) && !claims.has(s.id.client)) claims.set(s.id.client, value);
    }
  }
  return claims;
}

function authorshipOf(client: number, resolve: AuthorResolver | undefined, claims: () => Map<number, PartnerId>): Authorship | undefined {
  const verified = resolve?.(client);
  if (verified !== undefined) return { partnerId: verified, verified: true };
  const claimed = claims().get(client);
  return claimed === undefined ? undefined : { partnerId: claimed, verified: false };
}

/** Lazily computed claims of one item (most reads never need them). */
function lazyClaims(map: Y.Map<unknown>): () => Map<number, PartnerId> {
  let cached: Map<number, PartnerId> | undefined;
  return () => (cached ??= claimsIn(map));
}

/**
 * Who wrote an item: the writer of the struct that inserted the item's Y.Map, from the binding;
 * else the stored claim under `storedKey`, unverified.
 */
export function itemAuthor(fields: Y.Map<unknown>, resolve: AuthorResolver | undefined, storedKey: string): Authorship | undefined {
  const inserted = fields._item;
  const verified = inserted ? resolve?.(inserted.id.client) : undefined;
  if (verified !== undefined) return { partnerId: verified, verified: true };
  const stored = fields.get(storedKey);
  return isId(stored) ? { partnerId: stored, verified: false } : undefined;
}

/**
 * Every value `key` held, newest first, each with who wrote it. `item` is the map holding the
 * writers' claims, when `fields` is a nested map of an item (an agreement's template fields).
 */
export function fieldHistory(fields: Y.Map<unknown>, key: string, resolve: AuthorResolver | undefined, item: Y.Map<unknown> = fields): FieldVersion[] {
  const claims = lazyClaims(item);
  return structsOf(fields, key).map((s) => {
    const content = s.content.getContent();
    return { value: content.at(-1), by: authorshipOf(s.id.client, resolve, claims), known: content.length > 0 };
  });
}

/** Who wrote the current value of `key` (undefined if unset or unknown). */
export function lastWriter(fields: Y.Map<unknown>, key: string, resolve: AuthorResolver | undefined): Authorship | undefined {
  const s = currentStruct(fields, key);
  if (!s || s.deleted) return undefined;
  return authorshipOf(s.id.client, resolve, lazyClaims(fields));
}

/**
 * The newest value of `key` written by `author` per the verified binding, when the current value
 * was written by someone the binding says is another partner: how a reader keeps a person's own
 * words theirs even if a modified client overwrote them. Undefined when nothing needs replacing.
 */
export function authorsOwnValue(
  fields: Y.Map<unknown>,
  key: string,
  author: PartnerId,
  resolve: AuthorResolver | undefined,
): { value: unknown } | undefined {
  if (!resolve) return undefined;
  const structs = structsOf(fields, key);
  const current = structs[0];
  if (!current || current.deleted) return undefined;
  const writer = resolve(current.id.client);
  if (writer === undefined || writer === author) return undefined;
  for (const s of structs.slice(1)) {
    if (resolve(s.id.client) !== author) continue;
    const content = s.content.getContent();
    if (content.length > 0) return { value: content.at(-1) };
  }
  return { value: undefined };
}
