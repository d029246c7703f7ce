/**
 * Display names of the two partners. Names exist only inside the encrypted workbook: the relay
 * and the membership chain know partners by random id alone.
 *
 *   workbook.members.setName(me, 'Sam');
 *   workbook.members.name(me); // 'Sam'
 */
import type * as Y from 'yjs';
import { writeTransaction, type ModelContext } from './collection.js';
import type { PartnerId } from './sections.js';
import { LIMITS, isId, isText, validId, validText } from './validation.js';

/** partnerId → display name, last writer wins per partner. */
export class MembersSection {
  private readonly map: Y.Map<unknown>;

  constructor(private readonly ctx: ModelContext) {
    this.map = ctx.doc.getMap('members');
  }

  /** Sets a partner's display name (trimmed, 1..60 chars). */
  setName(partnerId: PartnerId, name: string): void {
    const id = validId('partnerId', partnerId);
    const value = validText('name', name, LIMITS.name);
    writeTransaction(this.ctx, () => this.map.set(id, value));
  }

  /** A partner's display name, or undefined if unset or malformed. */
  name(partnerId: PartnerId): string | undefined {
    const value = this.map.get(partnerId);
    return isText(value, LIMITS.name) ? value : undefined;
  }

  /** Every valid partnerId → name pair. */
  all(): Record<PartnerId, string> {
    const names: Record<PartnerId, string> = {};
    for (const [id, value] of this.map.entries()) {
      if (isId(id) && isText(value, LIMITS.name)) names[id] = value;
    }
    return names;
  }
}
