/**
 * The few WebExtension APIs the extension uses, typed by hand (no @types/chrome dependency) and
 * reached through one getter, so pages opened outside an extension (or a browser without a side
 * panel API) degrade instead of throwing. Chromium and Firefox both provide `chrome.*`.
 *
 *   const api = extensionApi();
 *   api?.alarms.create(RETRY_ALARM, { periodInMinutes: 1 });
 */

export interface Alarm {
  name: string;
  /** When it fires next (ms since the epoch). */
  scheduledTime: number;
  periodInMinutes?: number;
}

export interface AlarmsApi {
  /** `when` fires once at that moment; the same name replaces an earlier alarm. */
  create(name: string, info: { periodInMinutes?: number; delayInMinutes?: number; when?: number }): Promise<void> | void;
  get(name: string): Promise<Alarm | undefined>;
  clear(name: string): Promise<boolean>;
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
}

export interface CommandsApi {
  onCommand: { addListener(listener: (command: string, tab?: { windowId?: number }) => void): void };
}

export interface SidePanelApi {
  open(options: { windowId: number }): Promise<void>;
}

/** Who sent a runtime message: only this extension's own pages can (no externally_connectable). */
export interface MessageSender {
  id?: string;
}

/** An open extension page (runtime.getContexts; Chromium 116+, Firefox 128+). */
export interface ExtensionContext {
  contextType: string;
  documentUrl?: string;
}

export interface RuntimeApi {
  /** This extension's id (a message's sender carries it too). */
  id: string;
  onInstalled: { addListener(listener: () => void): void };
  onStartup: { addListener(listener: () => void): void };
  /** The full URL of one of the extension's own files (`chrome-extension://<id>/workbook.html`). */
  getURL(path: string): string;
  /** The installed package's manifest: its `version` is what the pinned workbook reports. */
  getManifest(): { version: string };
  /** Send to the extension's other contexts (the background); resolves with its reply. */
  sendMessage(message: unknown): Promise<unknown>;
  /** Return true from the listener to answer later with `sendResponse`. */
  onMessage: {
    addListener(listener: (message: unknown, sender: MessageSender, sendResponse: (reply: unknown) => void) => boolean | undefined): void;
  };
  getContexts?(filter: { contextTypes?: string[] }): Promise<ExtensionContext[]>;
}

/** Only `create` with the extension's own page: no `tabs` permission is needed for that. */
export interface TabsApi {
  create(properties: { url: string }): Promise<unknown> | void;
}

/** A basic notification: an icon, a title and one line. */
export interface NotificationOptions {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
}

export interface NotificationsApi {
  create(id: string, options: NotificationOptions): Promise<string>;
  clear(id: string): Promise<boolean>;
  onClicked: { addListener(listener: (id: string) => void): void };
}

export interface ExtensionApi {
  alarms: AlarmsApi;
  commands: CommandsApi;
  runtime: RuntimeApi;
  /** Chromium only (Firefox has `sidebar_action` and opens it with a built-in command). */
  sidePanel?: SidePanelApi;
  /** Absent in the background worker of some browsers; pages have it. */
  tabs?: TabsApi;
  /** Present with the `notifications` permission (the check-in reminder). */
  notifications?: NotificationsApi;
}

/** The extension APIs, or undefined when this code runs outside an extension. */
export function extensionApi(): ExtensionApi | undefined {
  const api = (globalThis as { chrome?: Partial<ExtensionApi> }).chrome;
  if (!api?.alarms || !api.commands || !api.runtime) return undefined;
  return api as ExtensionApi;
}
