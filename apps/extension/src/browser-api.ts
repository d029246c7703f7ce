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
}

export interface ExtensionApi {
  alarms: AlarmsApi;
  commands: CommandsApi;
  runtime: RuntimeApi;
  /** Chromium only (Firefox has `sidebar_action` and opens it with a built-in command). */
  sidePanel?: SidePanelApi;
}

/** The extension APIs, or undefined when this code runs outside an extension. */
export function extensionApi(): ExtensionApi | undefined {
  const api = (globalThis as { chrome?: Partial<ExtensionApi> }).chrome;
  if (!api?.alarms || !api.commands || !api.runtime) return undefined;
  return api as ExtensionApi;
}
