/**
 * The panel's NoteSession, held only while this window owns the session lock. Opening a window
 * asks any other holder to step aside; when a newer window asks this one, the session closes
 * (its outbox written to the vault) and the panel offers "Use here". Unmounting (lock, quick
 * exit) closes the session the same way. While active, it hands the next check-in time to the
 * background worker whenever it changes (the reminder's alarm, checkin-handoff.ts).
 *
 *   const { phase, addNote, useHere } = useNoteSession(credentials, store);
 *   if (phase.kind === 'active') show(phase.view.sync, phase.view.sent);
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Translate } from '@securebase/i18n';
import type { InboxKind, InvitationAnswer, InvitationTopic } from '@securebase/model';
import type { CheckAnswer, CheckQuestion, Credentials, LocalStateStore } from '@securebase/sync';
import { hostRemindersOn } from '../../web/src/home/checkin-notify.js';
import { handOffCheckin } from './checkin-handoff.js';
import type { Said } from './i18n.js';
import { NoteSession, type SessionView } from './note-session.js';
import type { SentNote } from './sent-notes.js';
import { acquireSessionLock, announceOpening, onYieldRequest } from './session-lock.js';

export type SessionPhase =
  | { kind: 'waiting' }
  | { kind: 'active'; view: SessionView }
  | { kind: 'elsewhere' }
  | { kind: 'failed'; say: Said };

export interface NoteSessionHandle {
  phase: SessionPhase;
  /** Add a note through the live session (throws when this window does not hold it). */
  addNote(text: string, kind: InboxKind): Promise<SentNote>;
  /** Take the session back from another window. */
  useHere(): void;
  /** Pause and gentle checks through the live session (nothing happens without one). */
  live: LiveActions;
  /** Invitations to talk through the live session (rejects when this window does not hold it). */
  invite: InviteActions;
}

/** The invitation verbs of the panel. */
export interface InviteActions {
  answer(id: string, answer: InvitationAnswer): Promise<void>;
  send(input: { topic: InvitationTopic; framingId?: string; words?: string }): Promise<void>;
}

/** The live-signal verbs of the panel. */
export interface LiveActions {
  /** `t`: the sender's language, for the plain signal word (pause-script.ts). */
  startPause(t: Translate): void;
  endPause(): void;
  sendCheck(question: CheckQuestion): void;
  answerCheck(id: string, answer: CheckAnswer, t: Translate): void;
  dismissCheck(id: string): void;
}

/** Own the note session while mounted (and while no newer window has asked for it). */
export function useNoteSession(credentials: Credentials, store: LocalStateStore): NoteSessionHandle {
  const [phase, setPhase] = useState<SessionPhase>({ kind: 'waiting' });
  const [attempt, setAttempt] = useState(0);
  const current = useRef<NoteSession>();

  useEffect(() => {
    const controller = new AbortController();
    let session: NoteSession | undefined;
    let release: (() => void) | undefined;
    let stopListening: (() => void) | undefined;
    let closing: Promise<void> | undefined;

    // Idempotent: the lock is released only after the session has written its final state.
    const shutDown = (): Promise<void> => {
      closing ??= (async () => {
        stopListening?.();
        current.current = undefined;
        try {
          await session?.close();
        } finally {
          release?.();
        }
      })();
      return closing;
    };

    setPhase({ kind: 'waiting' });
    announceOpening();
    acquireSessionLock({ signal: controller.signal }).then(
      (granted) => {
        release = granted;
        if (controller.signal.aborted) {
          release?.();
          return;
        }
        session = new NoteSession(credentials, store, (view) => setPhase({ kind: 'active', view }));
        current.current = session;
        setPhase({ kind: 'active', view: session.view });
        stopListening = onYieldRequest(() => {
          shutDown().then(
            () => setPhase({ kind: 'elsewhere' }),
            (err: unknown) => setPhase({ kind: 'failed', say: failure(err) }),
          );
        });
        session.deliverLater();
      },
      (err: unknown) => {
        // Aborted while waiting: this window is going away, nobody is left to tell.
        if (controller.signal.aborted) return;
        setPhase({ kind: 'failed', say: failure(err) });
      },
    );
    return () => {
      controller.abort();
      shutDown().catch((err: unknown) => console.warn('quick note: closing failed:', err instanceof Error ? err.name : typeof err));
    };
  }, [credentials, store, attempt]);

  const addNote = useCallback(async (text: string, kind: InboxKind): Promise<SentNote> => {
    const session = current.current;
    if (!session) throw new Error('the note session is open in another window');
    return session.addNote(text, kind);
  }, []);
  const nextCheckin = phase.kind === 'active' ? phase.view.nextCheckin : undefined;
  useEffect(() => {
    if (nextCheckin === undefined) return;
    let live = true;
    // The person may have turned reminders off on this device (the pinned workbook's home).
    hostRemindersOn(store).then(
      (on) => live && handOffCheckin(on ? nextCheckin : null),
      (err: unknown) => console.warn('reminder choice not read:', err instanceof Error ? err.name : typeof err),
    );
    return () => {
      live = false;
    };
  }, [nextCheckin, store]);
  const useHere = useCallback(() => setAttempt((n) => n + 1), []);
  const live = useMemo<LiveActions>(
    () => ({
      startPause: (t) => current.current?.startPause(t),
      endPause: () => current.current?.endPause(),
      sendCheck: (question) => current.current?.sendCheck(question),
      answerCheck: (id, answer, t) => current.current?.answerCheck(id, answer, t),
      dismissCheck: (id) => current.current?.dismissCheck(id),
    }),
    [],
  );
  const invite = useMemo<InviteActions>(
    () => ({
      answer: async (id, answer) => {
        if (!current.current) throw new Error('the note session is open in another window');
        await current.current.answerInvitation(id, answer);
      },
      send: async (input) => {
        if (!current.current) throw new Error('the note session is open in another window');
        await current.current.sendInvitation(input);
      },
    }),
    [],
  );
  return { phase, addNote, useHere, live, invite };
}

function failure(err: unknown): Said {
  console.warn('quick note: session failed:', err instanceof Error ? err.name : typeof err);
  return (t) => t('panel.sessionFailed');
}
