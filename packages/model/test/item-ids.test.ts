import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook } from '@securebase/model';

describe('item ids', () => {
  it('never start with "-" or "_", so a command line cannot mistake one for an option', () => {
    const wb = new Workbook(new Y.Doc());
    const priv = new PrivateWorkbook(new Y.Doc());
    // 2,000 ids: with a plain base64url id, about 3% would start with '-' or '_'.
    const ids = Array.from({ length: 1000 }, (_, i) => [
      wb.inbox.add({ text: `note ${i}` }, 'p1').id,
      priv.items.add({ text: `item ${i}` }).id,
    ]).flat();
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
