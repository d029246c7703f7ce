/**
 * The web app checks a change of its own code before it runs it. The service worker
 * (service-worker.js) no longer takes over on its own: a new version installs, caches its files
 * and the release manifest it came with, and waits. This page, still running the previous,
 * already trusted code, then judges the waiting version:
 *
 *   1. the new manifest's signature, and its key against the release key pinned at first use
 *      (IndexedDB `securebase-code`, one per relay origin; an unsigned first manifest pins
 *      "unsigned");
 *   2. the files the new worker precached (read back from its cache) and its own script, hashed
 *      and compared with that manifest.
 *
 * Same key, valid signature, files equal: the page says "Updated to version N (signed by the
 * same publisher)", tells the waiting worker to take over and reloads once. Anything else: a
 * warning (code-update-notice.tsx) and a choice between keeping the previous version (the old
 * worker keeps serving its cache) and accepting the new one knowingly (which re-pins).
 *
 *   const registration = await navigator.serviceWorker.register('/sw.js');
 *   watchCodeUpdates(registration);                  // shell/pwa.ts
 *   const state = useCodeIntegrity();                // the notice and the help page
 *
 * What this cannot catch is in docs/THREAT_MODEL.md ("Code delivery"): a first visit, or a
 * version that runs before any check (a closed-tab activation, a cleared site), runs unchecked.
 */
import { useEffect, useState } from 'preact/hooks';
import { compareReleaseFiles, releaseFilesMatch, verifyReleaseManifest } from '@securebase/crypto';
import { decodeReleaseManifestJson, RELEASE_MANIFEST_PATH, ReleaseError, toBase64Url, type ReleaseManifest } from '@securebase/protocol';

/** What this browser trusts for this origin: one release key, or "unsigned" (a development copy). */
export type ReleasePin = { kind: 'key'; key: string } | { kind: 'unsigned' };

/** Why a new version is not simply accepted. */
export type UpdateProblem = 'unsigned' | 'other-key' | 'bad-signature' | 'files-differ' | 'unreadable';

export type UpdateVerdict =
  | { ok: true; version: string; pin: ReleasePin }
  | { ok: false; problem: UpdateProblem; version: string | undefined; pin: ReleasePin | undefined; detail: string | undefined };

/** What the running copy itself is, for the calm line in Help. */
export type CurrentRelease = { signed: true; version: string; key: string } | { signed: false; version: string };

export interface CodeIntegrityState {
  /** The running copy's own manifest, once read (undefined in the extension, or offline). */
  current: CurrentRelease | undefined;
  /** A waiting version that failed the check, until the person chooses. */
  warning: Extract<UpdateVerdict, { ok: false }> | undefined;
  /** Set after an update reloaded the page: "Updated to version N"; `checked` when it passed the check. */
  updatedTo: { version: string; checked: boolean } | undefined;
}

/** The pin a verified (or unsigned) manifest would set. */
export function pinOf(manifest: ReleaseManifest): ReleasePin {
  return manifest.signature ? { kind: 'key', key: toBase64Url(manifest.signature.releaseKey) } : { kind: 'unsigned' };
}

/**
 * Judge a waiting version: its manifest text, the bytes it will serve (URL path → bytes), and
 * the pin. Pure (after readyCrypto), so it is unit-tested without a browser.
 */
export function judgeUpdate(manifestText: string, served: ReadonlyMap<string, Uint8Array>, pin: ReleasePin | undefined): UpdateVerdict {
  let manifest: ReleaseManifest;
  try {
    manifest = decodeReleaseManifestJson(manifestText);
  } catch (cause) {
    // reason: a manifest that cannot be read is a verdict shown to the person, not a crash.
    const detail = cause instanceof ReleaseError ? cause.detail : undefined;
    return { ok: false, problem: 'unreadable', version: undefined, pin: undefined, detail };
  }
  const newPin = pinOf(manifest);
  const fail = (problem: UpdateProblem, detail?: string): UpdateVerdict => ({ ok: false, problem, version: manifest.version, pin: newPin, detail });
  if (!manifest.signature) return fail('unsigned');
  const signed = verifyReleaseManifest(manifest);
  if (!signed.ok) return fail(signed.error.code === 'malformed-manifest' ? 'unreadable' : 'bad-signature');
  // Files before the key: a version whose files differ is refused whoever signed it.
  const differences = compareReleaseFiles(manifest, served);
  if (!releaseFilesMatch(differences)) return fail('files-differ', [...differences.changed, ...differences.notInManifest, ...differences.notServed][0]);
  if (pin === undefined || pin.kind !== 'key' || pin.key !== toBase64Url(manifest.signature.releaseKey)) return fail('other-key');
  return { ok: true, version: manifest.version, pin: newPin };
}

// --- The pin, in IndexedDB (its own database: the workbook's store may be locked). ---

const DB_NAME = 'securebase-code';
const STORE = 'pin';
const PIN_KEY = 'release';

function openPinDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB open failed'));
  });
}

async function pinRequest<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openPinDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error ?? new Error('indexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

function isPin(value: unknown): value is ReleasePin {
  if (typeof value !== 'object' || value === null) return false;
  const pin = value as { kind?: unknown; key?: unknown };
  return pin.kind === 'unsigned' || (pin.kind === 'key' && typeof pin.key === 'string');
}

export async function loadPin(): Promise<ReleasePin | undefined> {
  const value = await pinRequest<unknown>('readonly', (store) => store.get(PIN_KEY));
  return isPin(value) ? value : undefined;
}

export async function savePin(pin: ReleasePin): Promise<void> {
  await pinRequest('readwrite', (store) => store.put(pin, PIN_KEY));
}

// --- Page state, shared by the notice and the help page. ---

// Survives the one reload after a checked update, so the new copy can say what happened.
const UPDATED_KEY = 'securebase-updated-to';
let state: CodeIntegrityState = { current: undefined, warning: undefined, updatedTo: readUpdatedTo() };
const listeners = new Set<(next: CodeIntegrityState) => void>();
let pendingWorker: ServiceWorker | undefined;

function readUpdatedTo(): CodeIntegrityState['updatedTo'] {
  if (typeof sessionStorage === 'undefined') return undefined;
  const value = sessionStorage.getItem(UPDATED_KEY);
  sessionStorage.removeItem(UPDATED_KEY);
  if (value === null) return undefined;
  // Written by activate() below in this origin; a value of another shape is ignored.
  const [checked, version] = [value.slice(0, 1), value.slice(2)];
  return version ? { version, checked: checked === '1' } : undefined;
}

function setState(patch: Partial<CodeIntegrityState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener(state);
}

/** The current code-integrity state, re-rendering on every change. */
export function useCodeIntegrity(): CodeIntegrityState {
  const [value, setValue] = useState(state);
  useEffect(() => {
    listeners.add(setValue);
    setValue(state);
    return () => void listeners.delete(setValue);
  }, []);
  return value;
}

/** Dismiss "Updated to version N". */
export function dismissUpdated(): void {
  setState({ updatedTo: undefined });
}

/** Keep the previous version: the new worker stays waiting, the old one keeps serving its cache. */
export function keepPreviousVersion(): void {
  setState({ warning: undefined });
}

/** Accept the waiting version knowingly: pin what it is signed with (or "unsigned"), then switch. */
export async function acceptNewVersion(): Promise<void> {
  const warning = state.warning;
  if (warning?.pin) await savePin(warning.pin);
  activate(warning?.version, false);
}

function activate(version: string | undefined, checked: boolean): void {
  const worker = pendingWorker;
  if (!worker) return;
  if (version !== undefined) sessionStorage.setItem(UPDATED_KEY, `${checked ? '1' : '0'} ${version}`);
  let reloaded = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Once: the new worker now serves the page; load its files.
    if (reloaded) return;
    reloaded = true;
    location.reload();
  });
  worker.postMessage({ type: 'securebase-activate' });
}

// --- Reading what the waiting worker will serve. ---

const ASK_TIMEOUT_MS = 5000;

/** Ask a (waiting) worker for the name of the cache it filled; undefined when it does not answer. */
function askCacheName(worker: ServiceWorker): Promise<string | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(undefined), ASK_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<unknown>) => {
      clearTimeout(timer);
      const data = event.data as { cache?: unknown } | null;
      resolve(typeof data?.cache === 'string' ? data.cache : undefined);
    };
    worker.postMessage({ type: 'securebase-cache-name' }, [channel.port2]);
  });
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** The waiting version's manifest and files, as its cache holds them (plus its own script). */
async function readWaitingVersion(worker: ServiceWorker): Promise<{ manifestText: string; served: Map<string, Uint8Array> } | undefined> {
  const name = await askCacheName(worker);
  if (!name || !(await caches.has(name))) return undefined;
  const cache = await caches.open(name);
  const manifest = await cache.match(RELEASE_MANIFEST_PATH);
  if (!manifest) return undefined;
  const served = new Map<string, Uint8Array>();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path === RELEASE_MANIFEST_PATH) continue;
    const response = await cache.match(request);
    if (response) served.set(path, await bytesOf(response));
  }
  // The worker's own script is what would run: the browser fetched it, so fetch it the same way.
  const script = await fetch(worker.scriptURL, { cache: 'no-store' });
  served.set(new URL(worker.scriptURL).pathname, await bytesOf(script));
  return { manifestText: await manifest.text(), served };
}

async function checkWaiting(worker: ServiceWorker): Promise<void> {
  pendingWorker = worker;
  const [pin, waiting] = await Promise.all([loadPin(), readWaitingVersion(worker)]);
  const verdict: UpdateVerdict = waiting
    ? judgeUpdate(waiting.manifestText, waiting.served, pin)
    : { ok: false, problem: 'unreadable', version: undefined, pin: undefined, detail: 'the new version did not say what it cached' };
  if (verdict.ok) activate(verdict.version, true);
  else setState({ warning: verdict });
}

/**
 * Read this copy's own manifest and pin at first use. A controlled page asks its worker's cache
 * (the relay may already serve a newer manifest); the first visit reads what the relay serves.
 */
async function readCurrent(): Promise<void> {
  const controller = navigator.serviceWorker.controller;
  const name = controller ? await askCacheName(controller) : undefined;
  const cached = name ? await (await caches.open(name)).match(RELEASE_MANIFEST_PATH) : undefined;
  const response = cached ?? (controller ? undefined : await fetch(RELEASE_MANIFEST_PATH, { cache: 'no-store' }));
  if (!response?.ok) return;
  const manifest = decodeReleaseManifestJson(await response.text());
  if (manifest.signature && !verifyReleaseManifest(manifest).ok) return;
  setState({
    current: manifest.signature
      ? { signed: true, version: manifest.version, key: toBase64Url(manifest.signature.releaseKey) }
      : { signed: false, version: manifest.version },
  });
  if ((await loadPin()) === undefined) await savePin(pinOf(manifest));
}

function report(err: unknown): void {
  console.warn('code check:', err instanceof Error ? err.name : typeof err);
}

/**
 * Watch a registration for a new version and check it before it may take over. Without a
 * controller this is the first install: there is nothing trusted yet to check with.
 */
export function watchCodeUpdates(registration: ServiceWorkerRegistration): void {
  const controlled = navigator.serviceWorker.controller !== null;
  readCurrent().catch(report);
  if (!controlled) return;
  const onInstalled = (worker: ServiceWorker) => {
    if (worker.state === 'installed') checkWaiting(worker).catch(report);
    else worker.addEventListener('statechange', () => worker.state === 'installed' && void checkWaiting(worker).catch(report));
  };
  if (registration.waiting) onInstalled(registration.waiting);
  else if (registration.installing) onInstalled(registration.installing);
  registration.addEventListener('updatefound', () => registration.installing && onInstalled(registration.installing));
  // Ask now as well: the check must not wait for the browser's own update timing.
  registration.update().catch(report);
}

/** The short form of a release key a person can compare by eye (its first 12 base64url letters). */
export function shortKey(key: string): string {
  return key.slice(0, 12);
}
