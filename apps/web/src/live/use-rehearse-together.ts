/**
 * The shared rehearsal for the open workbook: one RehearseTogether (packages/sync, where the
 * ordering and late-join rules live) over the provider's live-signal channel, as Preact state.
 * Torn down with the provider.
 *
 *   const rehearse = useRehearseTogether(provider, me);
 *   rehearse.together?.start(agreement.id, 'first');  rehearse.state.session;
 */
import { useEffect, useState } from 'preact/hooks';
import { RehearseTogether, type EncryptedProvider, type RehearseState } from '@securebase/sync';

export interface RehearseHandle {
  state: RehearseState;
  /** Undefined until the workbook is open. */
  together: RehearseTogether | undefined;
}

/** Shared rehearsal state, re-rendered on every change. */
export function useRehearseTogether(provider: EncryptedProvider | undefined, me: string): RehearseHandle {
  const [together, setTogether] = useState<RehearseTogether>();
  const [state, setState] = useState<RehearseState>({ session: undefined });

  useEffect(() => {
    if (!provider) return undefined;
    const rehearse = new RehearseTogether(provider.signals, { me });
    const stop = rehearse.subscribe(setState);
    setTogether(rehearse);
    return () => {
      stop();
      rehearse.destroy();
      setTogether(undefined);
      setState({ session: undefined });
    };
  }, [provider, me]);

  return { state, together };
}
