/**
 * First-run onboarding: in plain words, what stays private to you, what you share with your
 * partner, and what the relay can and cannot see, plus where the safety tools are. Shown at the
 * top of the space until "Got it", then never again in this browser (the flag lives in the
 * encrypted local store).
 *
 *   const onboarding = useOnboarding(store);
 *   {onboarding.show && <Onboarding onDone={onboarding.done} />}
 */
import { useEffect, useState } from 'preact/hooks';
import type { LocalStateStore } from '@securebase/sync';

const SEEN_KEY = 'web/onboarding-seen';

/** Whether to show onboarding, and the action that dismisses it for good. */
export function useOnboarding(store: LocalStateStore): { show: boolean; done: () => void } {
  const [show, setShow] = useState(false);
  useEffect(() => {
    let live = true;
    store.get(SEEN_KEY).then(
      (seen) => {
        if (live) setShow(seen === undefined);
      },
      (err: unknown) => {
        // Unreadable flag: showing onboarding again is the harmless choice; keep the fault visible.
        console.warn('onboarding flag unreadable:', err instanceof Error ? err.name : typeof err);
        if (live) setShow(true);
      },
    );
    return () => {
      live = false;
    };
  }, [store]);
  const done = (): void => {
    setShow(false);
    void store.set(SEEN_KEY, new Uint8Array([1])).catch((err: unknown) => {
      console.warn('onboarding flag not saved:', err instanceof Error ? err.name : typeof err);
    });
  };
  return { show, done };
}

/** The onboarding card. */
export function Onboarding({ onDone }: { onDone: () => void }) {
  return (
    <section class="card onboarding" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">Before you begin</h2>
      <div class="onboarding-grid">
        <div>
          <h3>Private to you</h3>
          <p>
            Drafts you have not shared yet (like a boundary you are still thinking about) live in your own private
            notebook. Your partner cannot open it, even on their devices.
          </p>
        </div>
        <div>
          <h3>Shared with your partner</h3>
          <p>
            Everything in the workbook&rsquo;s sections, and your name. Sharing a draft is always a deliberate step,
            and the app says what will happen first.
          </p>
        </div>
        <div>
          <h3>What the relay can and cannot see</h3>
          <p>
            The relay passes encrypted changes between your devices. It cannot read or quietly change what you
            write. It does see random ids, how much is stored, when you sync, and internet addresses.
          </p>
        </div>
      </div>
      <p>
        <strong>For your safety:</strong> <em>Quick hide</em> (top of every page, or Esc twice) swaps to a plain
        page at once; a passphrase lock is in <em>Settings</em>; <em>Getting help</em> is always one click away.
        There is no &ldquo;last seen&rdquo;, no read receipts and no activity feed.
      </p>
      <button type="button" class="button-primary" onClick={onDone}>
        Got it, open the workbook
      </button>
    </section>
  );
}
