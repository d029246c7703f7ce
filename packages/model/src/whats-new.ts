/**
 * What is new from the partner since this device last looked: their new inbox notes, story
 * perspectives they shared (published), acknowledgements of your story, a check-in waiting for
 * your answers, their new wins, and their responses to yours. Pure: the workbook and a marker
 * in, a summary out.
 *
 * The marker is this device's own, a Yjs state vector ("which of each writer's changes had
 * arrived when I last looked"), kept in the device's encrypted local store and never synced or
 * sent: nothing the partner can see, so it is no read receipt. A state vector, not a timestamp,
 * because "new" means "arrived since", whatever the partner's clock said when they wrote it
 * (a note written offline yesterday and synced today is new today).
 *
 *   const marker = lastLookedMarker(workbook.doc);             // store it when leaving the home
 *   const news = whatsNew(workbook, me, decodeLastLooked(saved));
 *   news.total; news.notes; news.wins; …
 */
import * as Y from 'yjs';
import { lastWriter } from './authorship.js';
import type { CheckIn, InboxNote, NarrativeAcknowledgement, NarrativePart, PartnerId, WinItem } from './sections.js';
import { NARRATIVE_PARTS } from './sections.js';
import type { WinResponse } from './wins.js';
import type { Workbook } from './workbook.js';

/** Each writer's (Yjs client's) count of changes seen, from Y.encodeStateVector. */
export type LastLooked = Map<number, number>;

/** A story perspective the partner shared (published) since: which part, which revision. */
export interface SharedStory {
  part: NarrativePart;
  by: PartnerId;
  revision: number;
}

/** Everything new from the partner, each list oldest first. */
export interface WhatsNew {
  notes: InboxNote[];
  stories: SharedStory[];
  acknowledgements: NarrativeAcknowledgement[];
  /** Check-ins the partner has answered (or sealed) and that wait for your answers. */
  checkinsWaiting: CheckIn[];
  wins: WinItem[];
  /** The partner's responses to your wins. */
  winResponses: { win: WinItem; response: WinResponse }[];
  total: number;
}

/** The marker for "now": what this device holds at this moment. */
export function lastLookedMarker(doc: Y.Doc): Uint8Array {
  return Y.encodeStateVector(doc);
}

/** A stored marker read back; an empty marker (never looked) makes everything new. */
export function decodeLastLooked(bytes: Uint8Array | undefined): LastLooked {
  return bytes && bytes.length > 0 ? Y.decodeStateVector(bytes) : new Map();
}

interface StructId {
  client: number;
  clock: number;
}

/** Did the struct arrive after the marker? */
function arrivedSince(id: StructId | undefined, seen: LastLooked): boolean {
  return id !== undefined && id.clock >= (seen.get(id.client) ?? 0);
}

/** The struct that wrote the current value under `key` (Yjs keeps it in `_map`). */
function keyStruct(map: Y.Map<unknown>, key: string): StructId | undefined {
  const item = (map as unknown as { _map: Map<string, { id: StructId; deleted: boolean }> })._map.get(key);
  return item && !item.deleted ? item.id : undefined;
}

/** The struct that inserted an item of a section map. */
function itemStruct(section: Y.Map<unknown>, id: string): StructId | undefined {
  const fields = section.get(id);
  return fields instanceof Y.Map ? fields._item?.id : undefined;
}

function nested(section: Y.Map<unknown>, id: string, key: string): Y.Map<unknown> | undefined {
  const fields = section.get(id);
  const inner = fields instanceof Y.Map ? (fields as Y.Map<unknown>).get(key) : undefined;
  return inner instanceof Y.Map ? (inner as Y.Map<unknown>) : undefined;
}

/** What is new from everyone but `me` since `seen`. */
export function whatsNew(workbook: Workbook, me: PartnerId, seen: LastLooked): WhatsNew {
  const doc = workbook.doc;
  const inboxMap = doc.getMap('inbox');
  const notes = workbook.inbox.list().filter((n) => n.createdBy !== me && arrivedSince(itemStruct(inboxMap, n.id), seen));

  const winsMap = doc.getMap('wins');
  const allWins = workbook.wins.list();
  const wins = allWins.filter((w) => w.by !== me && arrivedSince(itemStruct(winsMap, w.id), seen));
  const winResponses: WhatsNew['winResponses'] = [];
  for (const win of allWins) {
    if (win.by !== me) continue;
    const fields = winsMap.get(win.id) as Y.Map<unknown>;
    for (const response of workbook.wins.responses(win.id)) {
      if (response.by !== me && arrivedSince(keyStruct(fields, `response:${response.by}`), seen)) winResponses.push({ win, response });
    }
  }

  const narrativeMap = doc.getMap('narrative');
  const acknowledgements = workbook.narrative
    .acknowledgements()
    .filter((a) => a.by !== me && a.of === me && arrivedSince(itemStruct(narrativeMap, a.id), seen));

  const published = doc.getMap('narrativePublished');
  const stories: SharedStory[] = [];
  for (const key of [...published.keys()].sort()) {
    const [part, by] = key.split(':') as [string, string | undefined];
    const knownPart = NARRATIVE_PARTS.find((p) => p === part);
    if (!knownPart || !by || by === me || !arrivedSince(keyStruct(published, key), seen)) continue;
    // Only the partner's own publish counts as their sharing (a binding that knows says who wrote it).
    const writer = lastWriter(published, key, workbook.authorOfClient);
    if (writer?.verified && writer.partnerId !== by) continue;
    const revision = workbook.narrative.publishedRevision(knownPart, by);
    if (revision > 0) stories.push({ part: knownPart, by, revision });
  }

  const checkinsMap = doc.getMap('checkins');
  const checkinsWaiting = workbook.checkins.list().filter((c) => {
    const waiting = waitingFor(c, me);
    if (!waiting) return false;
    const inner = nested(checkinsMap, c.id, waiting.map);
    return (c.createdBy !== me && arrivedSince(itemStruct(checkinsMap, c.id), seen)) || (inner !== undefined && arrivedSince(keyStruct(inner, waiting.partner), seen));
  });

  const total = notes.length + stories.length + acknowledgements.length + checkinsWaiting.length + wins.length + winResponses.length;
  return { notes, stories, acknowledgements, checkinsWaiting, wins, winResponses, total };
}

/** If `c` waits for `me`: which partner's part (in which nested map) it waits after. */
function waitingFor(c: CheckIn, me: PartnerId): { map: string; partner: PartnerId } | undefined {
  if (c.reveal === 'open') {
    const partner = Object.keys(c.entries).find((p) => p !== me);
    return partner && !c.entries[me] ? { map: 'entries', partner } : undefined;
  }
  const sealed = Object.keys(c.commitments).find((p) => p !== me);
  if (!sealed) return undefined;
  if (!c.commitments[me]) return { map: 'commitments', partner: sealed };
  if (!c.revealed[me]) {
    const revealed = Object.keys(c.revealed).find((p) => p !== me);
    return { map: revealed ? 'revealed' : 'commitments', partner: revealed ?? sealed };
  }
  return undefined;
}
