/**
 * The few WebExtension APIs the extension uses, typed by hand (no @types/chrome dependency) and
 * reached through one getter, so pages opened outside an extension (or a browser without a side
 * panel API) degrade instead of throwing. Chromium and Firefox both provide `chrome.*`.
 *
 *   const api = extensionApi();
 *   api?.alarms.create(RETRY_ALARM, { periodInMinutes: 1 });
 */

export interface AlarmsApi {
  create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number }): Promise<void> | void;
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
}

export interface CommandsApi {
  onCommand: { addListener(listener: (command: string, tab?: { windowId?: number }) => void): void };
}

export interface SidePanelApi {
  open(options: { windowId: number }): Promise<void>;
}

export interface RuntimeApi {
  onInstalled: { addListener(listener: () => void): void };
  onStartup: { addListener(listener: () => void): void };
  /** The full URL of one of the extension's own files (`chrome-extension://<id>/workbook.html`). */
  getURL(path: string): string;
  /** The installed package's manifest: its `version` is what the pinned workbook reports. */
  getManifest(): { version: string };
}

/** Only `create` with the extension's own page: no `tabs` permission is needed for that. */
export interface TabsApi {
  create(properties: { url: string }): Promise<unknown> | void;
}

export interface ExtensionApi {
  alarms: AlarmsApi;
  commands: CommandsApi;
  runtime: RuntimeApi;
  /** Chromium only (Firefox has `sidebar_action` and opens it with a built-in command). */
  sidePanel?: SidePanelApi;
  /** Absent in the background worker of some browsers; pages have it. */
  tabs?: TabsApi;
}

/** The extension APIs, or undefined when this code runs outside an extension. */
export function extensionApi(): ExtensionApi | undefined {
  const api = (globalThis as { chrome?: Partial<ExtensionApi> }).chrome;
  if (!api?.alarms || !api.commands || !api.runtime) return undefined;
  return api as ExtensionApi;
}
