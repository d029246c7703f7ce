/**
 * The space-creation gate: when an operator turns it on, `POST /v1/spaces` creates a space only
 * for a request that carries one of the operator's creation codes (`creationCode`), else 403
 * `creation-closed`. Codes are kept as SHA-256 hashes and compared in constant time, so neither
 * the memory of the relay nor the timing of an answer gives a code away. A codes file holds one
 * code per line (blank lines and `#` comments ignored); it is re-read when it changes and on
 * `reload()` (main.ts calls it on SIGHUP), so an operator can hand out and withdraw codes
 * without a restart. Invite-only codes rather than proof-of-work: see the README.
 *
 *   const gate = openCreationCodesFile('/etc/securebase/creation-codes', { onReloadError });
 *   gate.allows('k3y-for-sam-and-alex'); // true if that line is in the file
 *   gate.close();
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';

/** What the creation route asks; a relay without a gate has none. */
export interface CreationGate {
  /** True if `code` is one of the operator's creation codes. */
  allows(code: string): boolean;
}

const hashCode = (code: string): Buffer => createHash('sha256').update(code, 'utf8').digest();

/** The codes in a codes file's text (or SECUREBASE_CREATION_CODES: commas or white space between codes). */
export function parseCreationCodes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((code) => code !== '');
}

/** A gate over a fixed set of codes. */
export class CreationCodes implements CreationGate {
  #hashes: Buffer[] = [];

  constructor(codes: readonly string[] = []) {
    this.replace(codes);
  }

  /** Swap in a new set of codes. */
  replace(codes: readonly string[]): void {
    this.#hashes = codes.map(hashCode);
  }

  /** How many codes are valid now (for the operator's startup line; never the codes). */
  get size(): number {
    return this.#hashes.length;
  }

  allows(code: string): boolean {
    const presented = hashCode(code.trim());
    let found = false;
    // Every stored hash is compared, so the time taken does not tell which one matched.
    for (const hash of this.#hashes) found = timingSafeEqual(presented, hash) || found;
    return found;
  }
}

export interface CreationCodesFileOptions {
  /** Extra codes that always hold (SECUREBASE_CREATION_CODES). */
  extraCodes?: readonly string[];
  /** A re-read failed (the file vanished mid-edit): the previous codes stay in force. */
  onReloadError?: (error: unknown) => void;
  /** How often the file's modification time is checked, in ms; default 2000. */
  pollIntervalMs?: number;
}

/** A gate over a codes file, re-read on change and on reload(). */
export interface CreationCodesFile extends CreationGate {
  readonly size: number;
  /** Re-read the file now; throws if it cannot be read. */
  reload(): void;
  /** Stop watching the file. */
  close(): void;
}

/** Open a codes file (throws if it cannot be read) and watch it for changes. */
export function openCreationCodesFile(path: string, options: CreationCodesFileOptions = {}): CreationCodesFile {
  const codes = new CreationCodes();
  const reload = (): void => {
    codes.replace([...parseCreationCodes(readFileSync(path, 'utf8')), ...(options.extraCodes ?? [])]);
  };
  reload();
  // watchFile polls stat: unlike fs.watch it keeps following a file that editors replace by rename.
  const onChange = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    try {
      reload();
    } catch (error) {
      options.onReloadError?.(error);
    }
  };
  watchFile(path, { interval: options.pollIntervalMs ?? 2000, persistent: false }, onChange);
  return {
    get size() {
      return codes.size;
    },
    allows: (code) => codes.allows(code),
    reload,
    close: () => unwatchFile(path, onChange),
  };
}
