/**
 * The example page: "Create a space" (createSpace + createInviteLink against the relay) or
 * "Join" (joinSpace with the partner's invite link), then the shared note opens. Credentials are
 * kept in this module's memory only; a real app keeps them encrypted on the device
 * (encodeCredentials + EncryptedStateStore, see packages/sync/README.md).
 */
import { createInviteLink, createSpace, joinSpace, type Credentials } from '@securebase/sync';
import { openNotesEditor, type NotesStatus, type OpenNotes } from './notes-editor.js';
import { parseRelayUrl, relayFromPage } from './relay-url.js';
import './styles.css';

const STATUS_TEXT: Record<NotesStatus, string> = {
  connecting: 'connecting…',
  connected: 'connected, catching up…',
  synced: 'synced',
  disconnected: 'offline: your changes wait in this tab and are sent when the relay is back',
};

// One caret colour per role, so the two partners never share one.
const CREATOR = { fallbackName: 'Partner A', color: '#b4235a' };
const JOINER = { fallbackName: 'Partner B', color: '#1f6fb2' };

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const nameInput = element<HTMLInputElement>('name');
const relayInput = element<HTMLInputElement>('relay');
const inviteInput = element<HTMLInputElement>('invite-input');
const forms = [element<HTMLFormElement>('create-form'), element<HTMLFormElement>('join-form')];
const errorLine = element<HTMLParagraphElement>('error');
const statusLine = element<HTMLParagraphElement>('status');

let notes: OpenNotes | undefined;

function showError(message: string | undefined): void {
  errorLine.hidden = message === undefined;
  errorLine.textContent = message ?? '';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function setBusy(busy: boolean): void {
  for (const form of forms) for (const control of Array.from(form.elements)) (control as HTMLInputElement).disabled = busy;
}

function openNotes(credentials: Credentials, role: typeof CREATOR): void {
  element('start').hidden = true;
  element('notes').hidden = false;
  let fatal = false;
  notes = openNotesEditor(element('editor'), credentials, { name: nameInput.value.trim() || role.fallbackName, color: role.color }, {
    status(status) {
      statusLine.dataset.status = status;
      statusLine.textContent = STATUS_TEXT[status];
      // A healed incident (offline, a re-fetched entry) is over once the note is synced again.
      if (status === 'synced' && !fatal) showError(undefined);
    },
    error(error) {
      fatal ||= error.fatal;
      showError(error.message);
    },
  });
}

/** Run one start-up flow with the forms disabled; its error is shown as it is. */
async function start(flow: () => Promise<void>): Promise<void> {
  setBusy(true);
  showError(undefined);
  try {
    await flow();
  } catch (error) {
    showError(messageOf(error));
    setBusy(false);
  }
}

relayInput.value = relayFromPage(new URL(location.href));
element('page-origin').textContent = location.origin;
element<HTMLInputElement>('invite-link').addEventListener('focus', (event) => (event.target as HTMLInputElement).select());

forms[0]!.addEventListener('submit', (event) => {
  event.preventDefault();
  void start(async () => {
    const credentials = await createSpace(parseRelayUrl(relayInput.value));
    const { link } = await createInviteLink(credentials);
    const invite = element('invite');
    element<HTMLInputElement>('invite-link').value = link;
    invite.hidden = false;
    openNotes(credentials, CREATOR);
  });
});

forms[1]!.addEventListener('submit', (event) => {
  event.preventDefault();
  void start(async () => openNotes(await joinSpace(inviteInput.value), JOINER));
});

addEventListener('pagehide', () => notes?.destroy());
