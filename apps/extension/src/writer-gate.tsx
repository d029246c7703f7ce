/**
 * One writer at a time, for the pinned workbook tab: it joins the same handover as the popup,
 * the side panel and the background worker (session-lock.ts). Opening the tab asks whichever
 * window holds the session to step aside, and the workbook mounts only once the lock is held.
 * When a newer window asks this tab, the workbook unmounts, its documents write their final
 * state (docSessionsClosed), and only then is the lock released; the tab offers "Use here".
 *
 *   <WriterGate><App rawStore={raw} host={host} /></WriterGate>
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { NeutralPage, TopBar, docSessionsClosed, isNeutralPageShown, useQuickHideKeys } from '../../web/src/embed.js';
import { useLanguageMirror } from './language-mirror.js';
import { useI18n } from './i18n.js';
import { acquireSessionLock, announceOpening, onYieldRequest } from './session-lock.js';

type Phase = 'waiting' | 'active' | 'stepping-aside' | 'elsewhere' | 'failed';

/** Release the held lock once every document this tab had open has been written. */
async function letGo(held: { current: (() => void) | undefined }): Promise<void> {
  const release = held.current;
  held.current = undefined;
  try {
    await docSessionsClosed();
  } finally {
    release?.();
  }
}

export function WriterGate({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  useLanguageMirror();
  const [phase, setPhase] = useState<Phase>('waiting');
  const [attempt, setAttempt] = useState(0);
  const held = useRef<(() => void) | undefined>(undefined);
  // Quick-hide on the gate's own screens; while the workbook is mounted, the app handles it.
  const [hidden, setHidden] = useState(false);
  const hide = (): void => {
    setHidden(true);
    history.replaceState(null, '', '#/');
  };
  useQuickHideKeys(() => {
    if (phase !== 'active') hide();
  });

  useEffect(() => {
    const controller = new AbortController();
    let stopListening: (() => void) | undefined;
    setPhase('waiting');
    announceOpening();
    acquireSessionLock({ signal: controller.signal }).then(
      (release) => {
        if (controller.signal.aborted) {
          release?.();
          return;
        }
        held.current = release;
        stopListening = onYieldRequest(() => {
          stopListening?.();
          stopListening = undefined;
          // A tab the person hid must stay hidden: the app's neutral page goes with the app, so
          // the gate takes over showing it (whether one shows: isNeutralPageShown, quick-hide.ts).
          if (isNeutralPageShown()) setHidden(true);
          // Rendering this phase unmounts the workbook; the effect below releases after it.
          setPhase('stepping-aside');
        });
        setPhase('active');
      },
      (err: unknown) => {
        // Aborted while waiting: this tab is going away, nobody is left to tell.
        if (controller.signal.aborted) return;
        console.warn('workbook: could not take the session:', err instanceof Error ? err.name : typeof err);
        setPhase('failed');
      },
    );
    return () => {
      controller.abort();
      stopListening?.();
      void letGo(held);
    };
  }, [attempt]);

  useEffect(() => {
    if (phase !== 'stepping-aside') return;
    letGo(held).then(
      () => setPhase('elsewhere'),
      (err: unknown) => {
        console.warn('workbook: closing failed:', err instanceof Error ? err.name : typeof err);
        setPhase('failed');
      },
    );
  }, [phase]);

  if (phase === 'active') return <>{children}</>;
  if (hidden) {
    return (
      <NeutralPage
        onReturn={() => {
          setHidden(false);
          document.title = 'Secure Base';
        }}
      />
    );
  }
  return (
    <>
      <TopBar onHide={hide} />
      <main id="main" class="page narrow" data-writer={phase}>
        <h1 class="title">Secure Base</h1>
        {phase === 'waiting' && <p>{t('panel.opening')}</p>}
        {phase === 'stepping-aside' && <p>{t('gate.handingOver')}</p>}
        {phase === 'elsewhere' && (
          <>
            <p>{t('gate.elsewhere')}</p>
            <button type="button" class="button-primary" onClick={() => setAttempt((n) => n + 1)}>
              {t('sync.useHere')}
            </button>
          </>
        )}
        {phase === 'failed' && (
          <p class="form-error" role="alert">
            {t('gate.failed')}
          </p>
        )}
      </main>
    </>
  );
}
