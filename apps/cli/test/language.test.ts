// The CLI's language: --lang, else SECUREBASE_LANG, else the locale variables, else English;
// a --lang value we do not speak is a usage error that names the choices.
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { chooseLanguage } from '../src/words.js';

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  });
  return { code, stdout, stderr };
}

describe('the CLI language', () => {
  it('speaks German with --lang de, before or after the command', async () => {
    const before = await cli(['--lang', 'de', 'bogus']);
    expect(before).toEqual({ code: 2, stdout: '', stderr: 'securebase: Unbekannter Befehl „bogus“. Mit „securebase --help“ siehst du alle Befehle.\n' });
    const after = await cli(['vocab', 'nonsense', '--lang=de']);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/^securebase: Unbekannter vocab-Befehl „nonsense“\. Aufruf: securebase vocab add/);
  });

  it('refuses a language it does not speak, naming the ones it does', async () => {
    const refused = await cli(['--lang', 'fr', 'sync']);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'securebase: --lang must be one of en, de, es (got "fr").\n' });
    // Said in the environment's language, since the asked-for one is not there.
    const inSpanish = await cli(['sync', '--lang', 'klingon'], { LANG: 'es_ES.UTF-8' });
    expect(inSpanish.stderr).toBe('securebase: --lang debe ser uno de estos: en, de, es (se indicó «klingon»).\n');
  });

  it('takes Spanish from LANG=es_ES.UTF-8, and English without any setting', async () => {
    const spanish = await cli(['help'], { LANG: 'es_ES.UTF-8' });
    expect(spanish.code).toBe(0);
    expect(spanish.stdout).toMatch(/^securebase — el cliente de línea de comandos de Secure Base\n/);
    const english = await cli(['help']);
    expect(english.stdout).toMatch(/^securebase — the Secure Base command-line client\n/);
  });

  it('lets --lang beat SECUREBASE_LANG, SECUREBASE_LANG beat the locale, LC_ALL beat LANG', () => {
    expect(chooseLanguage(['--lang', 'es', 'sync'], { SECUREBASE_LANG: 'de' })).toEqual({ language: 'es' });
    expect(chooseLanguage(['sync'], { SECUREBASE_LANG: 'de', LANG: 'es_ES.UTF-8' })).toEqual({ language: 'de' });
    expect(chooseLanguage(['sync'], { SECUREBASE_LANG: 'fr', LC_ALL: 'de_AT.UTF-8', LANG: 'es_ES.UTF-8' })).toEqual({ language: 'de' });
    expect(chooseLanguage(['sync'], { LANG: 'C.UTF-8' })).toEqual({ language: 'en' });
    // Text after "--" is the person's words, not an option.
    expect(chooseLanguage(['note', 'add', '--', '--lang', 'de'], {})).toEqual({ language: 'en' });
  });
});
