/**
 * Command-line parsing on top of node:util `parseArgs` (strict), with errors rewritten as one
 * plain line that names the command's usage.
 *
 * Global options (`--profile`, `--relay`, `--passphrase-file`, `--help`) may come before the command or among its
 * own options; `splitGlobalOptions` takes the leading ones, and every command parses its own
 * options together with the global ones.
 *
 *   const { command, rest, globals } = splitGlobalOptions(argv);
 *   const { values, positionals } = parseCommandArgs(rest, { meaning: { type: 'string' } }, usage);
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { t } from './words.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
/** The parsed values of a set of single-valued options. */
export type OptionValues<T extends OptionSpecs> = { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string };

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  profile: { type: 'string' },
  relay: { type: 'string' },
  'passphrase-file': { type: 'string' },
  // Read before parsing (words.ts chooseLanguage), so even a parse error speaks it; declared
  // here so strict parsing accepts it anywhere.
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export interface GlobalOptions {
  profile?: string;
  relay?: string;
  /** File holding the profile's passphrase (`--passphrase-file`). */
  passphraseFile?: string;
  help?: boolean;
}

/** Leading global options, then the command name and everything after it. */
export interface SplitArgs {
  globals: GlobalOptions;
  command: string | undefined;
  rest: string[];
}

const VALUE_FLAGS = new Set(['--profile', '--relay', '--passphrase-file', '--lang']);

/** Separate the global options written before the command from the command and its args. */
export function splitGlobalOptions(argv: readonly string[]): SplitArgs {
  let index = 0;
  while (index < argv.length) {
    const token = argv[index] as string;
    if (token === '--' || !token.startsWith('-') || token === '-') break;
    index += VALUE_FLAGS.has(token) ? 2 : 1;
  }
  const leading = argv.slice(0, Math.min(index, argv.length));
  const { values } = parseStrict(leading, GLOBAL_OPTIONS, 0, 0, 'securebase [--profile DIR] [--relay URL] [--passphrase-file FILE] COMMAND');
  const afterSeparator = argv[index] === '--' ? index + 1 : index;
  return {
    globals: toGlobals(values),
    command: argv[afterSeparator],
    rest: argv.slice(afterSeparator + 1),
  };
}

/**
 * Parse a command's own arguments (`ctx.args`, plus the global options) or throw a UsageError.
 * Global options given after the command (`securebase export --profile DIR`) are merged into
 * `ctx.globals`, so the rest of the command sees one set of globals.
 */
export function parseCommandArgs<T extends OptionSpecs>(
  ctx: { args: readonly string[]; globals: GlobalOptions },
  options: T,
  positionals: { min: number; max: number; names: string; ids?: boolean },
  usage: string,
): { values: OptionValues<T>; positionals: string[] } {
  const merged = { ...GLOBAL_OPTIONS, ...options };
  const moved = withIdsAsPositionals(ctx.args, positionals);
  const parsed = parseStrict(moved.args, merged, positionals.min, positionals.max, usage, positionals.names);
  const given = toGlobals(parsed.values);
  const { profile, relay, passphraseFile } = given;
  if (profile !== undefined) ctx.globals = { ...ctx.globals, profile };
  if (relay !== undefined) ctx.globals = { ...ctx.globals, relay };
  if (passphraseFile !== undefined) ctx.globals = { ...ctx.globals, passphraseFile };
  // parseArgs in strict mode only produces the declared options with their declared types.
  return { values: parsed.values as OptionValues<T>, positionals: inTypedOrder(parsed, moved.from) };
}

/** The positionals in the order they were typed, ids moved after "--" put back in their place. */
function inTypedOrder(parsed: { positionals: string[]; positionalIndexes: number[] }, from: readonly number[]): string[] {
  return parsed.positionals
    .map((value, i) => ({ value, typedAt: from[parsed.positionalIndexes[i] ?? -1] ?? i }))
    .sort((x, y) => x.typedAt - y.typedAt)
    .map((x) => x.value);
}

/**
 * Commands whose positional is an id (`private share ID`, `device remove ID`): base64url ids may
 * start with '-', which parseArgs would read as an option. A token of a single '-' and id
 * characters (never a real option here: the only short option is -h) becomes a positional.
 */
function withIdsAsPositionals(args: readonly string[], positionals: { ids?: boolean }): { args: readonly string[]; from: readonly number[] } {
  const typed = args.map((_, index) => index);
  if (!positionals.ids) return { args, from: typed };
  const isId = (token: string): boolean => /^-[A-Za-z0-9_-]{2,}$/.test(token) && !token.startsWith('--');
  const ids = typed.filter((index) => isId(args[index] as string));
  if (ids.length === 0) return { args, from: typed };
  // from[i]: where the i-th rewritten token was typed (-1 for the inserted "--").
  const from = [...typed.filter((index) => !ids.includes(index)), -1, ...ids];
  return { args: from.map((index) => (index === -1 ? '--' : (args[index] as string))), from };
}

/** The global options among parsed values (parseArgs in strict mode typed them already). */
function toGlobals(values: Record<string, unknown>): GlobalOptions {
  const globals: GlobalOptions = {};
  if (typeof values.profile === 'string') globals.profile = values.profile;
  if (typeof values.relay === 'string') globals.relay = values.relay;
  if (typeof values['passphrase-file'] === 'string') globals.passphraseFile = values['passphrase-file'];
  if (values.help === true) globals.help = true;
  return globals;
}

function parseStrict(
  args: readonly string[],
  options: OptionSpecs,
  min: number,
  max: number,
  usage: string,
  names = '',
): { values: Record<string, unknown>; positionals: string[]; positionalIndexes: number[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[]; positionalIndexes: number[] };
  try {
    const { values, positionals, tokens } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
    const positionalIndexes = tokens.flatMap((token) => (token.kind === 'positional' ? [token.index] : []));
    parsed = { values, positionals, positionalIndexes };
  } catch (err) {
    throw new UsageError(withUsage(explainParseError(err), usage));
  }
  const count = parsed.positionals.length;
  if (count < min) throw new UsageError(withUsage(t('cli.args.missing', { names }), usage));
  if (count > max) {
    const extra = parsed.positionals[max] as string;
    throw new UsageError(withUsage(t('cli.args.unexpected', { extra }), usage));
  }
  return parsed;
}

function explainParseError(err: unknown): string {
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return t('cli.args.unknownOption', { option: option ?? message });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return t('cli.args.noValue', { option: String(option) });
      return t('cli.args.needsValue', { option: String(option) });
    default:
      // Not a parse error of ours: a bug, so let the generic handler show it.
      throw err;
  }
}

/** Check that `value` is one of `allowed`, as a usage error otherwise. */
export function chooseOne<T extends string>(flag: string, value: string, allowed: readonly T[], usage: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(withUsage(t('cli.args.oneOf', { flag, choices: allowed.join(', '), value }), usage));
}

/** A usage error's sentence followed by the command's usage line. */
export function withUsage(sentence: string, usage: string): string {
  return `${sentence} ${t('cli.args.usage', { usage })}`;
}
