// The one-line formats of the pairing commands and the terminal confirmation, in-process.
import { beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { formatDeviceLine } from '../src/commands/device.js';
import { formatSafetyNumber } from '../src/commands/safety-number.js';
import { confirmOnTerminal } from '../src/confirm.js';
import type { CommandContext, TextSource } from '../src/context.js';
import { CliError } from '../src/errors.js';
import { speak } from '../src/words.js';

// The messages these functions build are the CLI's English ones (runCli chooses the language).
beforeAll(() => speak('en'));

const KEY = new Uint8Array(32).fill(7);
const KEY_TEXT = Buffer.from(KEY).toString('base64url');

function device(over: Partial<Parameters<typeof formatDeviceLine>[0]> = {}): Parameters<typeof formatDeviceLine>[0] {
  return { deviceKey: KEY, id: 'q1W0yHk3xP9a', partnerId: 'p', addedAt: Date.UTC(2025, 2, 2, 23, 59), isThisDevice: false, isMine: true, ...over };
}

describe('formatDeviceLine', () => {
  it('prints ID  NAME  ADDED  [this device]', () => {
    const names = new Map([[KEY_TEXT, 'work laptop']]);
    expect(formatDeviceLine(device({ isThisDevice: true }), names)).toBe('q1W0yHk3xP9a  work laptop  2025-03-02  [this device]');
    expect(formatDeviceLine(device(), new Map())).toBe('q1W0yHk3xP9a  -  2025-03-02');
  });

  it("never shows a name for the partner's devices, and keeps a name on one column", () => {
    const names = new Map([[KEY_TEXT, 'tab\there  \u001b[31mred\nnext']]);
    expect(formatDeviceLine(device({ isMine: false }), names)).toBe("q1W0yHk3xP9a  (partner's device)  2025-03-02");
    const line = formatDeviceLine(device(), names);
    expect(line.split('  ')).toHaveLength(3);
    // eslint-disable-next-line no-control-regex -- reason: the assertion is exactly that no control character reaches the terminal.
    expect(line).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('formatSafetyNumber', () => {
  it('puts the digits and the words on one line', () => {
    const digits = Array.from({ length: 12 }, (_, i) => String(10000 + i)).join(' ');
    expect(formatSafetyNumber(digits, ['a', 'b', 'c', 'd', 'e', 'f'])).toBe(`${digits} — a b c d e f`);
  });
});

function context(stdin: TextSource | undefined): { ctx: CommandContext; stderr: () => string } {
  let err = '';
  const ctx: CommandContext = {
    io: { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, env: {}, ...(stdin ? { stdin } : {}) },
    globals: {},
    args: [],
  };
  return { ctx, stderr: () => err };
}

function terminal(): PassThrough & TextSource {
  const stream = new PassThrough() as PassThrough & TextSource;
  stream.isTTY = true;
  return stream;
}

describe('confirmOnTerminal', () => {
  it('refuses without a terminal, naming the non-interactive command', async () => {
    const notTty = new PassThrough();
    for (const stdin of [undefined, notTty]) {
      const { ctx } = context(stdin);
      await expect(confirmOnTerminal(ctx, '? ', 'leave', 'securebase leave --yes')).rejects.toThrow(CliError);
      await expect(confirmOnTerminal(ctx, '? ', 'leave', 'securebase leave --yes')).rejects.toThrow('securebase leave --yes');
    }
  });

  it('asks on stderr and accepts only the expected answer', async () => {
    const yes = terminal();
    const { ctx, stderr } = context(yes);
    const asked = confirmOnTerminal(ctx, 'Type "leave": ', 'leave', 'x');
    yes.write(' Leave \n');
    expect(await asked).toBe(true);
    expect(stderr()).toBe('Type "leave": ');

    const no = terminal();
    const declined = confirmOnTerminal(context(no).ctx, '? ', 'leave', 'x');
    no.write('y\n');
    expect(await declined).toBe(false);

    const closed = terminal();
    const ended = confirmOnTerminal(context(closed).ctx, '? ', 'leave', 'x');
    closed.end();
    expect(await ended).toBe(false);
  });
});
