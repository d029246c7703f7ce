import { beforeAll, describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../src/args.js';
import { UsageError } from '../src/errors.js';
import { speak } from '../src/words.js';

// The messages these functions build are the CLI's English ones (runCli chooses the language).
beforeAll(() => speak('en'));

const usage = 'securebase private share ID';

function parse(args: string[], ids: boolean) {
  const ctx = { args, globals: {} };
  return { ctx, parsed: parseCommandArgs(ctx, {}, { min: 1, max: 1, names: 'the item id', ids }, usage) };
}

describe('parseCommandArgs', () => {
  it('takes an id that starts with "-" as the id, with global options before or after it', () => {
    expect(parse(['-fAbc_12-x'], true).parsed.positionals).toEqual(['-fAbc_12-x']);
    const { ctx, parsed } = parse(['-fAbc', '--profile', '/tmp/p'], true);
    expect(parsed.positionals).toEqual(['-fAbc']);
    expect(ctx.globals).toEqual({ profile: '/tmp/p' });
  });

  it('still refuses unknown long options for id commands, and says how to pass text starting with "-"', () => {
    expect(() => parse(['--bogus', 'abc'], true)).toThrow(UsageError);
    expect(() => parse(['-fAbc'], false)).toThrow(/unknown option "-f".*put it after "--"/);
    expect(parse(['--', '-fAbc'], false).parsed.positionals).toEqual(['-fAbc']);
  });
});
