/**
 * Where the running code of this workbook came from, for the devices screen to say plainly: the
 * relay that served the page (the web app, the default), or the browser extension's installed
 * package (the pinned app, apps/extension/workbook.html), whose code the relay cannot change.
 *
 *   <CodeSourceContext.Provider value={{ kind: 'extension', version: '0.1.0' }}>…</CodeSourceContext.Provider>
 *   const source = useContext(CodeSourceContext);   // undefined in the web app
 */
import { createContext } from 'preact';

export interface ExtensionCodeSource {
  kind: 'extension';
  /** The installed extension's version (its manifest's `version`). */
  version: string;
}

/** Undefined in the web app served by a relay; set by the extension's pinned app. */
export const CodeSourceContext = createContext<ExtensionCodeSource | undefined>(undefined);
