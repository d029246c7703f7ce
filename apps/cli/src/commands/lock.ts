/**
 * `lock set|remove`: a passphrase for this profile's data at rest. Everything in the profile is
 * always encrypted under a local key; with a passphrase that key is itself locked (Argon2id),
 * so the files are useless without it. Every command then needs the passphrase, from
 * $SECUREBASE_PASSPHRASE or `--passphrase-file FILE`.
 *
 * For `lock set`, `--passphrase-file` holds the NEW passphrase (or it is typed twice, hidden, on
 * a terminal); a current one comes from $SECUREBASE_PASSPHRASE or `--current-passphrase-file`.
 *
 *   $ securebase lock set --passphrase-file ~/.sb-pass
 *   $ SECUREBASE_PASSPHRASE=… securebase vocab list
 *   $ securebase lock remove --passphrase-file ~/.sb-pass
 */
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, UsageError, oneLine } from '../errors.js';
import {
  LocalStoreLockedError,
  PASSPHRASE_ENV,
  givenPassphrase,
  readPassphraseFile,
  type GivenPassphrase,
} from '../passphrase.js';
import { canPrompt, promptHidden } from '../passphrase-prompt.js';
import { Profile, resolveProfileDir } from '../profile.js';
import { reportMigration } from '../session.js';
import { t } from '../words.js';

const SET_USAGE = 'securebase lock set [--passphrase-file FILE] [--current-passphrase-file FILE]';
const REMOVE_USAGE = 'securebase lock remove';
const USAGE = `${SET_USAGE}  or  ${REMOVE_USAGE}`;

/** `lock set|remove`. */
export async function runLock(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  const subCtx = { ...ctx, args: rest };
  switch (sub) {
    case 'set':
      return setLock(subCtx);
    case 'remove':
      return removeLock(subCtx);
    case undefined:
      throw new UsageError(withUsage(t('cli.lock.needsSub'), USAGE));
    default:
      throw new UsageError(withUsage(t('cli.lock.unknownSub', { sub: oneLine(sub) }), USAGE));
  }
}

async function setLock(ctx: CommandContext): Promise<void> {
  const { values } = parseCommandArgs(ctx, { 'current-passphrase-file': { type: 'string' } }, { min: 0, max: 0, names: '' }, SET_USAGE);
  const currentFile = values['current-passphrase-file'];
  const current: GivenPassphrase | undefined =
    currentFile !== undefined
      ? { passphrase: await readPassphraseFile(currentFile, '--current-passphrase-file'), source: '--current-passphrase-file' }
      : envPassphrase(ctx);
  const next = await newPassphrase(ctx);

  await withLockedProfile(ctx, current, async (profile) => {
    const changing = await profile.hasPassphrase();
    await profile.setPassphrase(next);
    printLine(ctx, t(changing ? 'cli.lock.changed' : 'cli.lock.locked', { env: PASSPHRASE_ENV }));
  });
}

async function removeLock(ctx: CommandContext): Promise<void> {
  parseCommandArgs(ctx, {}, { min: 0, max: 0, names: '' }, REMOVE_USAGE);
  const current = await givenPassphrase(ctx);
  await withLockedProfile(ctx, current, async (profile) => {
    if (!(await profile.hasPassphrase())) {
      printLine(ctx, t('cli.lock.noPassphrase'));
      return;
    }
    await profile.removePassphrase();
    printLine(ctx, t('cli.lock.removed'));
  });
}

/** The passphrase in $SECUREBASE_PASSPHRASE, if set. */
function envPassphrase(ctx: CommandContext): GivenPassphrase | undefined {
  const value = ctx.io.env[PASSPHRASE_ENV];
  return value === undefined || value === '' ? undefined : { passphrase: value, source: PASSPHRASE_ENV };
}

/** The new passphrase: from --passphrase-file, else typed twice (hidden) on a terminal. */
async function newPassphrase(ctx: CommandContext): Promise<string> {
  if (ctx.globals.passphraseFile !== undefined) return readPassphraseFile(ctx.globals.passphraseFile, '--passphrase-file');
  if (!canPrompt(ctx)) {
    throw new UsageError(withUsage(t('cli.lock.needsNew'), SET_USAGE));
  }
  const first = await promptHidden(ctx, `${t('cli.lock.promptNew')} `);
  if (first === undefined) throw new CliError(t('cli.lock.noneTyped'));
  if (first.length === 0) throw new UsageError(t('cli.lock.empty'));
  const again = await promptHidden(ctx, `${t('cli.lock.promptAgain')} `);
  if (again !== first) throw new CliError(t('cli.lock.differ'));
  return first;
}

/**
 * Open the profile with the current passphrase; when it is locked and none was given, ask for it
 * on a terminal (once) rather than fail.
 */
async function withLockedProfile(
  ctx: CommandContext,
  current: GivenPassphrase | undefined,
  fn: (profile: Profile) => Promise<void>,
): Promise<void> {
  const dir = resolveProfileDir(ctx.globals.profile, ctx.io.env);
  let profile: Profile;
  try {
    profile = await Profile.open(dir, { create: false, passphrase: current });
  } catch (err) {
    if (!(err instanceof LocalStoreLockedError) || current !== undefined || !canPrompt(ctx)) throw err;
    const typed = await promptHidden(ctx, `${t('cli.lock.promptCurrent')} `);
    if (typed === undefined) throw new CliError(t('cli.lock.noneTyped'));
    profile = await Profile.open(dir, { create: false, passphrase: { passphrase: typed, source: t('cli.lock.terminal') } });
  }
  try {
    reportMigration(ctx, profile);
    await fn(profile);
  } finally {
    await profile.close();
  }
}
