/**
 * `release-key create --out FILE`: make a publisher's Ed25519 release key for signing web-app
 * builds. The secret goes to FILE only (created new, mode 0600, never overwritten); stdout gets
 * just the public key, the one people pin with `securebase verify-web --release-key`.
 *
 *   $ securebase release-key create --out ~/secure/securebase-release-key.json
 *   3q2-7wAbc…                                  (the public key)
 *   $ SECUREBASE_RELEASE_KEY_FILE=~/secure/securebase-release-key.json pnpm build
 */
import { open } from 'node:fs/promises';
import { generateReleaseKey, readyCrypto } from '@securebase/crypto';
import { encodeReleaseKeyFile, toBase64Url } from '@securebase/protocol';
import { parseCommandArgs, withUsage } from '../args.js';
import { printLine, type CommandContext } from '../context.js';
import { CliError, oneLine, UsageError } from '../errors.js';
import { t } from '../words.js';

const CREATE_USAGE = 'securebase release-key create --out FILE';

/** `release-key create`. */
export async function runReleaseKey(ctx: CommandContext): Promise<void> {
  const [sub, ...rest] = ctx.args;
  if (sub === undefined) throw new UsageError(withUsage(t('cli.releaseKey.needsSub'), CREATE_USAGE));
  if (sub !== 'create') throw new UsageError(withUsage(t('cli.releaseKey.unknownSub', { sub: oneLine(sub) }), CREATE_USAGE));
  const { values } = parseCommandArgs({ ...ctx, args: rest }, { out: { type: 'string' } }, { min: 0, max: 0, names: '' }, CREATE_USAGE);
  const out = values.out;
  if (!out) throw new UsageError(withUsage(t('cli.releaseKey.needsOut'), CREATE_USAGE));

  await readyCrypto();
  const key = generateReleaseKey();
  let file;
  try {
    // 'wx': never replace an existing key; 0600: the secret is the publisher's alone.
    file = await open(out, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(t('cli.releaseKey.exists', { file: oneLine(out) }));
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new CliError(t('cli.releaseKey.cannotCreate', { file: oneLine(out), code }));
    throw err;
  }
  try {
    await file.writeFile(encodeReleaseKeyFile({ publicKey: key.publicKey, seed: key.seed }));
  } finally {
    await file.close();
  }
  ctx.io.stderr.write(`${t('cli.releaseKey.written', { file: oneLine(out) })}\n`);
  printLine(ctx, toBase64Url(key.publicKey));
}
