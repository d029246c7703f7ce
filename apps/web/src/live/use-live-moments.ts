/**
 * Pause and gentle checks for the open workbook: one LiveMoments (packages/sync, where the rules
 * live) over the provider's live-signal channel, as Preact state. Torn down with the provider.
 * It keeps this device's own pause in the encrypted local store, so a reload of the tab resumes
 * it (LiveMoments decides whether it still lasts).
 *
 *   const live = useLiveMoments(provider, me, store);
 *   live.state.pause; live.moments?.startPause({ signalWord, minutes });
 */
import { useEffect, useState } from 'preact/hooks';
import { LiveMoments, type EncryptedProvider, type LiveMomentsState, type LocalStateStore } from '@securebase/sync';

const EMPTY: LiveMomentsState = { pause: undefined, incoming: [], outgoing: [] };

export interface LiveMomentsHandle {
  state: LiveMomentsState;
  /** Undefined until the workbook is open. */
  moments: LiveMoments | undefined;
}

/** Live pause and check state, re-rendered on every change and once a second while live. */
export function useLiveMoments(provider: EncryptedProvider | undefined, me: string, store: LocalStateStore): LiveMomentsHandle {
  const [moments, setMoments] = useState<LiveMoments>();
  const [state, setState] = useState<LiveMomentsState>(EMPTY);

  useEffect(() => {
    if (!provider) return undefined;
    const onError = (err: unknown): void => console.warn('pause not kept on this device:', err instanceof Error ? err.name : typeof err);
    const live = new LiveMoments(provider.signals, { me, keep: { store, spaceId: provider.credentials.spaceId, onError } });
    const stop = live.subscribe(setState);
    setMoments(live);
    // The browser knows about a lost network before the socket does: hold signals meanwhile.
    const network = (): void => provider.signals.setNetworkDown(!navigator.onLine);
    network();
    window.addEventListener('offline', network);
    window.addEventListener('online', network);
    return () => {
      window.removeEventListener('offline', network);
      window.removeEventListener('online', network);
      stop();
      live.destroy();
      setMoments(undefined);
      setState(EMPTY);
    };
  }, [provider, me, store]);

  return { state, moments };
}
