/**
 * The shared breathing pacer for the open workbook: one BreatheTogether (packages/sync, where
 * the rules and the clock-skew estimate live) over the provider's live-signal channel, as Preact
 * state. Torn down with the provider.
 *
 *   const breathe = useBreatheTogether(provider, me);
 *   breathe.together?.start('resonance');  breathe.state.session;
 */
import { useEffect, useState } from 'preact/hooks';
import { BreatheTogether, type BreatheState, type EncryptedProvider } from '@securebase/sync';

export interface BreatheHandle {
  state: BreatheState;
  /** Undefined until the workbook is open. */
  together: BreatheTogether | undefined;
}

/** Shared pacer state, re-rendered on every change. */
export function useBreatheTogether(provider: EncryptedProvider | undefined, me: string): BreatheHandle {
  const [together, setTogether] = useState<BreatheTogether>();
  const [state, setState] = useState<BreatheState>({ session: undefined });

  useEffect(() => {
    if (!provider) return undefined;
    const breathe = new BreatheTogether(provider.signals, { me });
    const stop = breathe.subscribe(setState);
    setTogether(breathe);
    return () => {
      stop();
      breathe.destroy();
      setTogether(undefined);
      setState({ session: undefined });
    };
  }, [provider, me]);

  return { state, together };
}
