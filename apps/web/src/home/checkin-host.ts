/**
 * A host's hand-off of the next check-in time. The browser extension's pinned app passes the
 * time to its background worker, whose alarm reminds while the workbook is closed; the web app
 * served by a relay has no such host (undefined). Only the number is handed over.
 *
 *   <CheckinHostContext.Provider value={(at) => handOff(at)}>…</CheckinHostContext.Provider>
 */
import { createContext } from 'preact';

/** Called with the next check-in (ms since the epoch), or null when no rhythm is agreed. */
export type CheckinHandoff = (at: number | null) => void;

/** Undefined in the web app; set by the extension's pinned app. */
export const CheckinHostContext = createContext<CheckinHandoff | undefined>(undefined);
