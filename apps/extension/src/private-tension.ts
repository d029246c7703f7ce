/**
 * The quick-note panel's way into this partner's private tension log: a provider on the
 * PRIVATE document (`private-<partnerId>`, sealed under a key only this partner's devices hold;
 * state and outbox in the encrypted vault), opened while the panel holds the session lock and
 * closed with it. Only `tension.add` and the chosen nudge level are used: the panel records, the
 * trend is read in the pinned workbook.
 *
 *   const log = new PrivateTensionLog(creds, store);
 *   const { nudge } = await log.record(8, 'after the call');
 *   await log.close();
 */
import * as Y from 'yjs';
import { PrivateWorkbook } from '@securebase/model';
import { openPrivateDoc, refreshKeys, type Credentials, type EncryptedProvider, type LocalStateStore } from '@securebase/sync';
// The web app's rule, so the nudge is the same in the panel as on the home.
import { recordTension, type RecordedTension } from '../../web/src/home/tension-choices.js';
import { saveCredentials } from './local-vault.js';

/** One open private log; throws 'unknown-epoch' (SecureBaseError) when this device holds no private key. */
export class PrivateTensionLog {
  private creds: Credentials;
  // gc off, as everywhere else: overwritten values stay.
  private readonly doc = new Y.Doc({ gc: false });
  private readonly workbook = new PrivateWorkbook(this.doc);
  private readonly provider: EncryptedProvider;

  constructor(
    creds: Credentials,
    private readonly store: LocalStateStore,
  ) {
    this.creds = creds;
    this.provider = openPrivateDoc(creds, this.doc, { store, refreshKeys: () => this.refreshCredentials() });
  }

  /**
   * Records one entry. Waits for the vault's copy to be loaded first, so the nudge level read is
   * the person's own; resolves once the sealed change is in the vault (delivery follows).
   */
  async record(level: number, words: string): Promise<RecordedTension> {
    await this.provider.persistNow();
    const recorded = recordTension(this.workbook, level, words);
    await this.provider.persistNow();
    return recorded;
  }

  /** Disconnects and writes the final state (outbox included). */
  async close(): Promise<void> {
    await this.provider.destroy();
  }

  private async refreshCredentials(): Promise<Credentials> {
    const next = await refreshKeys(this.creds, this.store);
    await saveCredentials(this.store, next);
    this.creds = next;
    return next;
  }
}
