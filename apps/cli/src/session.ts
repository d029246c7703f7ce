/**
 * One command's session with the relay: open the profile (unlocking it with the passphrase when
 * it has one), attach the encrypted provider to a document with the profile's encrypted store,
 * sync, act, wait for the relay's ack, close.
 *
 * Every wait is bounded (SECUREBASE_TIMEOUT_MS, default 10 s) and ends early on a fatal error
 * from the provider or on Ctrl-C. A 'write' session whose relay cannot be reached still makes
 * its change: it is sealed into the profile's outbox and sent by the next command. Every provider
 * can fetch newer keys (`refreshKeys`), so a rotation met mid-command heals within the command,
 * and the other providers open in the same command are handed the new keys too.
 *
 *   await withProfile(ctx, async (profile) => {
 *     const creds = await profile.requireCredentials();
 *     await withWorkbook(ctx, profile, creds, 'write', ({ workbook }) => workbook.inbox.add({ text }, creds.partnerId));
 *   });
 */
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { LIMITS, ModelValidationError, Workbook } from '@securebase/model';
import { SHARED_DOC_ID, SecureBaseError, type ErrorCode } from '@securebase/protocol';
import { EncryptedProvider, openPrivateDoc, type Credentials, type EncryptedProviderOptions } from '@securebase/sync';
import type { CommandContext } from './context.js';
import { describeCode } from './error-codes.js';
import { CliError, RelayUnreachableError, UsageError, isNetworkError } from './errors.js';
import { refreshAndKeep } from './key-updates.js';
import { givenPassphrase } from './passphrase.js';
import { Profile, resolveProfileDir } from './profile.js';
import { relayTimeoutMs } from './relay-timeout.js';
import { chooseRelayUrl } from './relay-url.js';
import { t } from './words.js';

/** Errors worth telling the person about even when the command succeeds: something was refused. */
const INTEGRITY_WARNINGS = new Set<ErrorCode>([
  'bad-signature',
  'bad-commitment',
  'decrypt-failed',
  'unknown-author',
  'unknown-epoch',
  'replayed-update',
  'invalid-update',
  'frame-too-large',
]);

/**
 * Run `fn` with the profile open and locked; the lock is released whatever happens. Only the
 * setup commands pass `create: true`. The passphrase, when the profile has one, comes from
 * --passphrase-file or $SECUREBASE_PASSPHRASE.
 */
export async function withProfile<T>(
  ctx: CommandContext,
  fn: (profile: Profile) => Promise<T>,
  opts: { create: boolean } = { create: false },
): Promise<T> {
  const passphrase = await givenPassphrase(ctx);
  const profile = await Profile.open(resolveProfileDir(ctx.globals.profile, ctx.io.env), { create: opts.create, passphrase });
  try {
    reportMigration(ctx, profile);
    return await fn(profile);
  } finally {
    await profile.close();
  }
}

/** Tell the person, once, that an earlier version's plain files were moved into the encrypted store. */
export function reportMigration(ctx: CommandContext, profile: Profile): void {
  const { moved, left } = profile.migration;
  if (moved > 0) {
    ctx.io.stderr.write(`securebase: ${t('cli.profile.migrated')}\n`);
  }
  if (left > 0) {
    ctx.io.stderr.write(`securebase: ${t('cli.profile.unknownFiles', { count: left, store: `${profile.dir}/store` })}\n`);
  }
}

/** Run an HTTP flow against the relay, turning "could not connect" into a clear CliError. */
export async function callRelay<T>(relayUrl: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnreachable(err)) throw new RelayUnreachableError(relayUrl);
    throw err;
  }
}

function isUnreachable(err: unknown): boolean {
  if (err instanceof SecureBaseError) return err.code === 'relay-unreachable';
  return isNetworkError(err);
}

/** Check a display name with the workbook's own rules, before anything is created. */
export function checkName(name: string): string {
  try {
    new Workbook(new Y.Doc()).members.setName('check', name);
  } catch (err) {
    if (!(err instanceof ModelValidationError)) throw err;
    throw new UsageError(t('cli.name.length', { max: LIMITS.name }));
  }
  return name.trim();
}

export interface WorkbookSession {
  workbook: Workbook;
  creds: Credentials;
  /** The live provider, for what travels beside the document (the mutual reveal). */
  provider: EncryptedProvider;
}

/** Provider options a command session sets; the opener adds the document and credentials. */
export type SessionProviderOptions = Omit<EncryptedProviderOptions, 'credentials'>;

/** The providers open right now for each profile: a key refresh by one is handed to the others. */
const openProviders = new WeakMap<Profile, Set<EncryptedProvider>>();

/** Attaches the provider for one document of the space to `doc`. */
export type DocumentOpener = (doc: Y.Doc, opts: SessionProviderOptions) => EncryptedProvider;

/**
 * Sync the shared workbook, run `act` on it, and return once the relay has acknowledged every
 * local change. 'read' sessions fail if the relay cannot be reached; 'write' sessions keep the
 * change pending in the profile and then fail, saying so.
 */
export async function withWorkbook<T>(
  ctx: CommandContext,
  profile: Profile,
  creds: Credentials,
  mode: 'read' | 'write',
  act: (session: WorkbookSession) => T | Promise<T>,
): Promise<T> {
  const relayUrl = chooseRelayUrl(ctx, creds.relayUrl);
  const runCreds: Credentials = { ...creds, relayUrl };
  const open: DocumentOpener = (doc, opts) =>
    new EncryptedProvider(relayUrl, SHARED_DOC_ID, doc, { ...opts, credentials: runCreds });
  // Authorship comes from the provider's verified client-id bindings, as in every client.
  return withSyncedDoc(ctx, profile, relayUrl, mode, open, (doc, provider) =>
    act({ workbook: new Workbook(doc, { authorOfClient: (client) => provider.partnerOfClient(client) }), creds: runCreds, provider }),
  );
}

/**
 * The same session for this partner's private document (private items, device names): only
 * this partner's devices hold its key.
 */
export async function withPrivateDoc<T>(
  ctx: CommandContext,
  profile: Profile,
  creds: Credentials,
  mode: 'read' | 'write',
  act: (doc: Y.Doc) => T | Promise<T>,
): Promise<T> {
  const relayUrl = chooseRelayUrl(ctx, creds.relayUrl);
  const runCreds: Credentials = { ...creds, relayUrl };
  const open: DocumentOpener = (doc, opts) => openPrivateDoc(runCreds, doc, opts);
  return withSyncedDoc(ctx, profile, relayUrl, mode, open, act);
}

/** Open one document with `open`, sync, act, wait for the acks, close (see withWorkbook). */
async function withSyncedDoc<T>(
  ctx: CommandContext,
  profile: Profile,
  relayUrl: string,
  mode: 'read' | 'write',
  open: DocumentOpener,
  act: (doc: Y.Doc, provider: EncryptedProvider) => T | Promise<T>,
): Promise<T> {
  // gc off, as in the web app: overwritten values stay, so what a partner changed can be shown.
  const doc = new Y.Doc({ gc: false });
  const siblings = openProviders.get(profile) ?? new Set<EncryptedProvider>();
  openProviders.set(profile, siblings);
  // Set right below; the provider only calls refreshKeys once it is running.
  const self: { provider?: EncryptedProvider } = {};
  const refreshKeys = async (): Promise<Credentials> => {
    const me = self.provider;
    if (!me) throw new Error('refreshKeys called before the provider was created');
    const next = await refreshAndKeep(ctx, profile, me.credentials);
    for (const other of siblings) if (other !== me) other.setCredentials(next);
    return next;
  };
  const provider = open(doc, {
    store: profile.store,
    // reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
    WebSocketPolyfill: NodeWebSocket as unknown as typeof WebSocket,
    maxBackoffTime: 1000,
    refreshKeys,
  });
  self.provider = provider;
  siblings.add(provider);
  const watch = new ProviderWatch(provider, relayUrl, relayTimeoutMs(ctx.io.env), ctx.io.signal);
  let result: T;
  try {
    try {
      await watch.wait(provider.whenSynced(), 'sync');
    } catch (err) {
      if (mode === 'write' && err instanceof RelayUnreachableError) {
        // The change is still made: destroy() below seals it into the profile's outbox.
        await act(doc, provider);
        throw new RelayUnreachableError(relayUrl, { withinSeconds: err.withinSeconds, changeSaved: true });
      }
      throw err;
    }
    result = await act(doc, provider);
    await watch.wait(provider.flush(), 'ack');
  } finally {
    watch.stop();
    siblings.delete(provider);
    await provider.destroy();
  }
  for (const line of watch.warnings()) ctx.io.stderr.write(`${line}\n`);
  return result;
}

/** Races provider promises against the timeout, fatal provider errors and Ctrl-C. */
class ProviderWatch {
  private fatal: SecureBaseError | undefined;
  private everConnected = false;
  private readonly seen = new Set<ErrorCode>();
  private readonly listeners = new Set<(err: Error) => void>();
  private readonly onError = (error: SecureBaseError): void => {
    this.seen.add(error.code);
    if (error.fatal && !this.fatal) {
      this.fatal = error;
      for (const reject of this.listeners) reject(error);
    }
  };
  private readonly onStatus = ({ status }: { status: string }): void => {
    if (status === 'connected') this.everConnected = true;
  };
  private readonly onAbort = (): void => {
    for (const reject of this.listeners) reject(new CliError(t('cli.relay.interrupted')));
  };

  constructor(
    private readonly provider: EncryptedProvider,
    private readonly relayUrl: string,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    provider.on('error', this.onError);
    provider.on('status', this.onStatus);
    signal?.addEventListener('abort', this.onAbort);
  }

  /** Wait for `promise`, or fail with the reason it will not come. */
  async wait(promise: Promise<void>, what: 'sync' | 'ack'): Promise<void> {
    if (this.fatal) throw this.fatal;
    if (this.signal?.aborted) throw new CliError(t('cli.relay.interrupted'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let listener: ((err: Error) => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      listener = reject;
      this.listeners.add(reject);
      timer = setTimeout(() => reject(this.timeoutError(what)), this.timeoutMs);
    });
    try {
      await Promise.race([promise, stopped]);
    } finally {
      clearTimeout(timer);
      if (listener) this.listeners.delete(listener);
    }
  }

  private timeoutError(what: 'sync' | 'ack'): CliError {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    if (!this.everConnected) return new RelayUnreachableError(this.relayUrl, { withinSeconds: seconds });
    return new CliError(t('cli.relay.tooSlow', { relay: this.relayUrl, what, seconds }));
  }

  /** One line per integrity problem seen (never content: codes and plain messages only). */
  warnings(): string[] {
    return [...this.seen]
      .filter((code) => INTEGRITY_WARNINGS.has(code))
      .map((code) => `securebase: ${t('cli.warning', { message: describeCode(code) })} [${code}]`);
  }

  stop(): void {
    this.provider.off('error', this.onError);
    this.provider.off('status', this.onStatus);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.listeners.clear();
  }
}
