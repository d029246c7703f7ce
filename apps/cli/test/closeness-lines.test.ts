// The closeness commands' pure parts, in-process on real model objects: the list's lines
// (own positions only, the agreed step marked, the pace), finding a step by id or a unique
// start of one, the position words, and the argument order of `answer` with an id that starts
// with "-".
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ClosenessLadder, ClosenessPositions } from '@securebase/model';
import { parseCommandArgs } from '../src/args.js';
import { findStep, formatClosenessLines, parsePositionWord } from '../src/commands/closeness-lines.js';
import { UsageError } from '../src/errors.js';
import { speak } from '../src/words.js';

// The messages these functions build are the CLI's English ones (runCli chooses the language).
beforeAll(() => speak('en'));

const A = 'partnerAAAAAAAAAAAAAAA';
const B = 'partnerBBBBBBBBBBBBBBB';

/** A couple's shared ladder on two replicas, agreed on `stepId` at a monthly pace. */
function agreedOn(stepId: string): ClosenessLadder {
  const da = new Y.Doc();
  const db = new Y.Doc();
  const bindings = new Map<number, string>([
    [da.clientID, A],
    [db.clientID, B],
  ]);
  const authorOfClient = (client: number): string | undefined => bindings.get(client);
  const a = new ClosenessLadder(da, { authorOfClient });
  const b = new ClosenessLadder(db, { authorOfClient });
  const exchange = (): void => {
    Y.applyUpdate(db, Y.encodeStateAsUpdate(da));
    Y.applyUpdate(da, Y.encodeStateAsUpdate(db));
  };
  a.propose(A, { stepId, pace: 'monthly' });
  exchange();
  b.agree(B);
  exchange();
  return a;
}

describe('formatClosenessLines', () => {
  it('prints ID  POSITION  WORDS per step, aligned, with the agreed step and the pace last', () => {
    const ladder = agreedOn('builtin-hugs');
    const mine = new ClosenessPositions(new Y.Doc());
    mine.set('builtin-hugs', 'ready');
    mine.set('builtin-kissing', 'maybe-soon');
    mine.set('builtin-presence', 'not-yet');
    const lines = formatClosenessLines(ladder.steps(), mine.all(), ladder.status());
    expect(lines).toHaveLength(ladder.steps().length + 1);
    expect(lines[0]).toBe('builtin-presence         not yet     Being in the same room');
    expect(lines[1]).toBe('builtin-time-together    —           Time for just the two of us');
    expect(lines[4]).toBe('builtin-hugs             ready       Hugs  (current step)');
    expect(lines[9]).toBe('builtin-kissing          maybe soon  Kissing');
    expect(lines.filter((line) => line.includes('(current step)'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('Together: on "Hugs". Pace: about one step a month.');
  });

  it('keeps words a partner wrote on one line', () => {
    const ladder = new ClosenessLadder(new Y.Doc());
    const step = ladder.addStep({ title: 'Dancing\n\u001b[31min the kitchen' }, A);
    const lines = formatClosenessLines(ladder.steps(), {}, ladder.status());
    const line = lines.find((l) => l.startsWith(step.id)) as string;
    expect(line.endsWith('—           Dancing [31min the kitchen')).toBe(true);
    expect(lines.at(-1)).toBe("Together: no step agreed yet. Pace: no rush: we'll talk about the next step when it feels right.");
  });
});

describe('findStep', () => {
  const steps = new ClosenessLadder(new Y.Doc()).steps();
  it('takes an exact id or the only id that starts with what was typed', () => {
    expect(findStep(steps, 'builtin-hugs')?.title).toBe('Hugs');
    expect(findStep(steps, 'builtin-ki')?.id).toBe('builtin-kissing');
    expect(findStep(steps, 'builtin-h')).toBeUndefined();
    expect(findStep(steps, '')).toBeUndefined();
    expect(findStep(steps, 'hugs')).toBeUndefined();
  });
});

describe('parsePositionWord', () => {
  it('maps ready, soon and not-yet to the positions, and names the three otherwise', () => {
    expect(parsePositionWord('ready', 'u')).toBe('ready');
    expect(parsePositionWord('soon', 'u')).toBe('maybe-soon');
    expect(parsePositionWord('not-yet', 'u')).toBe('not-yet');
    expect(() => parsePositionWord('maybe', 'u')).toThrow(UsageError);
    expect(() => parsePositionWord('yes', 'u')).toThrow('the position must be ready, soon or not-yet (got "yes"). Usage: u');
  });
});

describe('parseCommandArgs with ids', () => {
  it('keeps the order of the positionals when an id starts with "-"', () => {
    const parse = (args: string[]): string[] =>
      parseCommandArgs({ args, globals: {} }, {}, { min: 2, max: 2, names: 'the step id and your position', ids: true }, 'u').positionals;
    expect(parse(['-fAbc_12-x', 'ready'])).toEqual(['-fAbc_12-x', 'ready']);
    expect(parse(['--profile', '/tmp/p', '-fAbc', 'not-yet'])).toEqual(['-fAbc', 'not-yet']);
    expect(parse(['builtin-hugs', 'soon'])).toEqual(['builtin-hugs', 'soon']);
  });
});
