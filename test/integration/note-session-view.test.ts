// What the extension's note session shows of the workbook (apps/extension/src/note-session.ts):
// the partner's display name, "your partner" until one is given, and the next check-in time for
// the background's reminder, unknown until the first full sync and null without a rhythm. Real
// relay in this process; Sam joins and writes through the sync API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { Workbook, currentRhythm, nextCheckinDue } from '@securebase/model';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startRelay, type RunningRelay } from '@securebase/relay';
import { EncryptedProvider, MemoryStateStore, createInviteLink, createSpace, joinSpace } from '@securebase/sync';
import { NoteSession, type SessionView } from '../../apps/extension/src/note-session.js';

// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;

let relay: RunningRelay;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-note-view-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
});

afterAll(async () => {
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A note session whose views can be awaited. */
function openSession(creds: Awaited<ReturnType<typeof createSpace>>) {
  const waiters: Array<{ test: (v: SessionView) => boolean; resolve: (v: SessionView) => void }> = [];
  const session = new NoteSession(
    creds,
    new MemoryStateStore(),
    (view) => {
      for (const w of waiters.splice(0)) {
        if (w.test(view)) w.resolve(view);
        else waiters.push(w);
      }
    },
    { WebSocketPolyfill },
  );
  const until = (test: (v: SessionView) => boolean): Promise<SessionView> =>
    test(session.view) ? Promise.resolve(session.view) : new Promise((resolve) => waiters.push({ test, resolve }));
  return { session, until };
}

describe('the note session view', () => {
  it('names the partner (or "your partner") and knows the next check-in only after a full sync', async () => {
    const alex = await createSpace(relay.url);
    const { session, until } = openSession(alex);
    expect(session.view.partner).toBe('your partner');
    expect(session.view.nextCheckin).toBeUndefined();
    const synced = await until((v) => v.sync.kind === 'synced');
    expect(synced.partner).toBe('your partner');
    expect(synced.nextCheckin).toBeNull();

    const sam = await joinSpace((await createInviteLink(alex)).link);
    const doc = new Y.Doc({ gc: false });
    const samsBook = new Workbook(doc);
    const provider = new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: sam, store: new MemoryStateStore(), WebSocketPolyfill });
    try {
      await provider.whenSynced();
      samsBook.members.setName(sam.partnerId, 'Sam');
      samsBook.agreements.add({ kind: 'check-in-rhythm' }, sam.partnerId);
      await provider.flush();
      const rhythm = currentRhythm(samsBook.agreements.list());
      const expected = rhythm && nextCheckinDue(rhythm, undefined, Date.now())?.at;
      expect(expected).toBeGreaterThan(Date.now());
      const seen = await until((v) => v.partner === 'Sam' && v.nextCheckin !== null);
      expect(seen.nextCheckin).toBe(expected);
    } finally {
      await provider.destroy();
      await session.close();
    }
  });
});
