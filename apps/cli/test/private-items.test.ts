// The CLI's private-document modules (private items, device names) over real Y.Docs: validated
// writes, junk from a buggy device skipped on read, and merging between two replicas.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelValidationError } from '@securebase/model';
import { forgetDeviceName, readDeviceNames, setDeviceName } from '../src/device-names.js';
import { PrivateItems } from '../src/private-items.js';

function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
}

describe('PrivateItems', () => {
  it('adds, lists oldest first, finds by id or unique prefix, and marks shared', () => {
    let clock = 1000;
    const items = new PrivateItems(new Y.Doc(), () => clock++);
    const first = items.add('  a draft  ');
    const second = items.add('a journal line');
    expect(first.text).toBe('a draft');
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(items.list().map((item) => item.text)).toEqual(['a draft', 'a journal line']);
    expect(items.find(second.id)).toEqual(second);
    expect(items.find('')).toBeUndefined(); // two items: an empty prefix is ambiguous
    expect(items.find('not-an-id')).toBeUndefined();
    const unique = [...second.id].findIndex((_, i) => !first.id.startsWith(second.id.slice(0, i + 1)));
    expect(items.find(second.id.slice(0, unique + 1))).toEqual(second);

    items.markShared(first.id);
    expect(items.find(first.id)?.sharedAt).toBe(1002);
    expect(() => items.markShared('missing')).toThrow(ModelValidationError);
  });

  it('refuses empty and too long texts', () => {
    const items = new PrivateItems(new Y.Doc());
    expect(() => items.add('   ')).toThrow(expect.objectContaining({ reason: 'required' }));
    expect(() => items.add('x'.repeat(2001))).toThrow(expect.objectContaining({ reason: 'too-long' }));
    expect(items.list()).toEqual([]);
  });

  it('skips malformed entries written by another device', () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>('privateItems');
    map.set('plain-value', 'not a map');
    const noText = new Y.Map<unknown>();
    noText.set('createdAt', 5);
    map.set('no-text', noText);
    const badTime = new Y.Map<unknown>();
    badTime.set('text', 'ok');
    badTime.set('createdAt', 'yesterday');
    map.set('bad-time', badTime);
    const items = new PrivateItems(doc);
    const good = items.add('kept');
    expect(items.list()).toEqual([good]);
  });

  it('merges items written on two devices of the same partner', () => {
    const laptop = new Y.Doc();
    const phone = new Y.Doc();
    new PrivateItems(laptop, () => 1).add('from the laptop');
    new PrivateItems(phone, () => 2).add('from the phone');
    syncDocs(laptop, phone);
    expect(new PrivateItems(phone).list().map((item) => item.text)).toEqual(['from the laptop', 'from the phone']);
    expect(new PrivateItems(laptop).list()).toEqual(new PrivateItems(phone).list());
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
