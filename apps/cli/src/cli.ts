/**
 * The CLI as a function: parse the command line, run one command, report any failure as one
 * stderr line, and return the exit status. `main.ts` calls it with the real process; tests call
 * it in-process with buffers.
 *
 *   const status = await runCli(['vocab', 'list'], { stdout, stderr, env: process.env });
 */
import { splitGlobalOptions } from './args.js';
import { runCloseness } from './commands/closeness.js';
import { runDesires } from './commands/desires.js';
import { runDevice } from './commands/device.js';
import { runExport } from './commands/export.js';
import { runLeave } from './commands/leave.js';
import { runLock } from './commands/lock.js';
import { runNote } from './commands/note.js';
import { runPrivate } from './commands/private.js';
import { runRelay } from './commands/relay.js';
import { runReleaseKey } from './commands/release-key.js';
import { runSafetyNumber } from './commands/safety-number.js';
import { runInit, runInvite, runJoin } from './commands/space.js';
import { runSync } from './commands/sync.js';
import { runTension } from './commands/tension.js';
import { runVerifyWeb } from './commands/verify-web.js';
import { runVocab } from './commands/vocab.js';
import type { CliIo, CommandContext } from './context.js';
import { UsageError, describeError, oneLine } from './errors.js';
import { relayTimeoutMs } from './relay-timeout.js';
import { usage, usageHint } from './usage.js';
import { LANGUAGE_CHOICES, chooseLanguage, speak, t } from './words.js';

type CommandRunner = (ctx: CommandContext) => Promise<void>;

const COMMANDS: Record<string, CommandRunner> = {
  relay: runRelay,
  init: runInit,
  invite: runInvite,
  join: runJoin,
  vocab: runVocab,
  note: runNote,
  export: runExport,
  sync: runSync,
  'safety-number': runSafetyNumber,
  device: runDevice,
  private: runPrivate,
  closeness: runCloseness,
  desires: runDesires,
  tension: runTension,
  leave: runLeave,
  lock: runLock,
  'verify-web': runVerifyWeb,
  'release-key': runReleaseKey,
};

/** Run the CLI with `argv` (without node and script path); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const choice = chooseLanguage(argv, io.env);
  await speak(choice.language);
  try {
    if (choice.refused !== undefined) {
      throw new UsageError(t('cli.lang.refused', { choices: LANGUAGE_CHOICES.join(', '), given: oneLine(choice.refused) }));
    }
    const { globals, command, rest } = splitGlobalOptions(argv);
    if (command === undefined) {
      if (globals.help) {
        io.stdout.write(usage());
        return 0;
      }
      throw new UsageError(`${t('cli.run.noCommand')} ${usageHint()}`);
    }
    if (command === 'help' || (globals.help && command in COMMANDS)) {
      io.stdout.write(usage());
      return 0;
    }
    const runner = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!runner) throw new UsageError(`${t('cli.run.unknownCommand', { command: oneLine(command) })} ${usageHint()}`);
    const sep = rest.indexOf('--');
    const options = sep === -1 ? rest : rest.slice(0, sep);
    if (options.includes('--help') || options.includes('-h')) {
      io.stdout.write(usage());
      return 0;
    }
    // Checked up front, so a typo in the setting is reported before anything is done.
    relayTimeoutMs(io.env);
    await runner({ io, globals, args: rest });
    return 0;
  } catch (err) {
    const report = describeError(err, io.env);
    io.stderr.write(`${report.line}\n`);
    return report.exitCode;
  }
}
