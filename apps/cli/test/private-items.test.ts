// The CLI's private-document helpers over real Y.Docs: private items are the model's
// PrivateWorkbook items (found by id or unique prefix, printed one per line), the one-time move
// of an earlier version's 'privateItems' map into them, and device names.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PrivateWorkbook, Workbook, shareItem } from '@securebase/model';
import { forgetDeviceName, readDeviceNames, setDeviceName } from '../src/device-names.js';
import {
  LEGACY_ITEMS_MAP,
  findPrivateItem,
  formatPrivateItemLine,
  migrateLegacyItems,
  openPrivateWorkbook,
} from '../src/private-items.js';

function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

/** An item as the earlier CLI version wrote it. */
function writeLegacyItem(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const item = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) item.set(key, value);
  doc.getMap<unknown>(LEGACY_ITEMS_MAP).set(id, item);
}

describe('private items', () => {
  it('finds an item by id or by an unambiguous start of its id', () => {
    let clock = 1000;
    const mine = new PrivateWorkbook(new Y.Doc(), { now: () => clock++ });
    const first = mine.items.add({ text: 'a draft' });
    const second = mine.items.add({ text: 'a journal line' });
    expect(findPrivateItem(mine, second.id)).toEqual(second);
    expect(findPrivateItem(mine, '')).toBeUndefined();
    expect(findPrivateItem(mine, 'not-an-id!')).toBeUndefined();
    const unique = [...second.id].findIndex((_, i) => !first.id.startsWith(second.id.slice(0, i + 1)));
    expect(findPrivateItem(mine, second.id.slice(0, unique + 1))).toEqual(second);
    // A prefix both ids share names neither.
    const common = [...first.id].findIndex((char, i) => second.id[i] !== char);
    if (common > 0) expect(findPrivateItem(mine, first.id.slice(0, common))).toBeUndefined();
  });

  it('prints ID  TEXT on one line, without terminal control characters', () => {
    const mine = new PrivateWorkbook(new Y.Doc());
    const item = mine.items.add({ text: 'line one\nline two \u001b[31mred' });
    expect(formatPrivateItemLine(item)).toBe(`${item.id}  line one line two  [31mred`);
  });

  it('sharing copies the text into the shared inbox and marks the private copy', () => {
    const mine = openPrivateWorkbook(new Y.Doc());
    const shared = new Workbook(new Y.Doc());
    const item = mine.items.add({ text: 'what I could not say on Sunday' });
    const note = shareItem(mine, shared, item.id, 'partner-a');
    expect(shared.inbox.list().map((n) => n.text)).toEqual(['what I could not say on Sunday']);
    expect(mine.items.get(item.id)?.shared?.sharedId).toBe(note.id);
    expect(mine.items.list()).toHaveLength(1);
  });
});

describe('moving the earlier version\'s private items', () => {
  it('moves well-formed items oldest first with their times, drops junk, and empties the old map once', () => {
    const doc = new Y.Doc();
    writeLegacyItem(doc, 'bbbbbbbb', { text: 'second', createdAt: 2000, sharedAt: 2500 });
    writeLegacyItem(doc, 'aaaaaaaa', { text: 'first', createdAt: 1000 });
    writeLegacyItem(doc, 'no-text', { createdAt: 5 });
    writeLegacyItem(doc, 'bad-time', { text: 'x', createdAt: 'yesterday' });
    doc.getMap<unknown>(LEGACY_ITEMS_MAP).set('plain-value', 'not a map');

    const mine = openPrivateWorkbook(doc);
    expect(mine.items.list().map((item) => [item.text, item.createdAt, item.updatedAt, item.kind])).toEqual([
      ['first', 1000, 1000, 'other'],
      ['second', 2000, 2000, 'other'],
    ]);
    expect(doc.getMap(LEGACY_ITEMS_MAP).size).toBe(0);
    // Once: opening again moves nothing more.
    expect(migrateLegacyItems(doc)).toBe(0);
    expect(openPrivateWorkbook(doc).items.list()).toHaveLength(2);
  });

  it('is one transaction, so another device sees the move whole', () => {
    const laptop = new Y.Doc();
    writeLegacyItem(laptop, 'aaaaaaaa', { text: 'from before', createdAt: 10 });
    const phone = new Y.Doc();
    syncDocs(laptop, phone);
    const updates: Uint8Array[] = [];
    laptop.on('update', (update: Uint8Array) => updates.push(update));
    expect(migrateLegacyItems(laptop)).toBe(1);
    expect(updates).toHaveLength(1);
    Y.applyUpdate(phone, updates[0]!);
    expect(new PrivateWorkbook(phone).items.list().map((item) => item.text)).toEqual(['from before']);
    expect(phone.getMap(LEGACY_ITEMS_MAP).size).toBe(0);
  });

  it('leaves a document written by a newer app alone', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', 999);
    writeLegacyItem(doc, 'aaaaaaaa', { text: 'kept where it is', createdAt: 10 });
    expect(migrateLegacyItems(doc)).toBe(0);
    expect(doc.getMap(LEGACY_ITEMS_MAP).size).toBe(1);
  });
});

describe('device names', () => {
  it('sets, reads, forgets and ignores junk', () => {
    const doc = new Y.Doc();
    setDeviceName(doc, 'key-a', 'laptop');
    setDeviceName(doc, 'key-b', 'phone');
    doc.getMap<unknown>('deviceNames').set('key-c', 42);
    doc.getMap<unknown>('deviceNames').set('key-d', 'x'.repeat(61));
    expect([...readDeviceNames(doc)]).toEqual([
      ['key-a', 'laptop'],
      ['key-b', 'phone'],
    ]);
    forgetDeviceName(doc, 'key-a');
    forgetDeviceName(doc, 'never-named');
    expect([...readDeviceNames(doc)]).toEqual([['key-b', 'phone']]);
  });
});
