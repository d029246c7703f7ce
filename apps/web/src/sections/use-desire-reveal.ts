/**
 * One round of the mutual reveal of desires on this screen, as Preact state: start it with the
 * items this person said yes or maybe to, watch it wait for the partner, then hold the matches
 * and both counts in memory only. Nothing of a round is written anywhere; the result is gone
 * when the component unmounts, and a round still running is cancelled then (the partner's app is
 * told). The rules of the round live in @securebase/sync (desire-reveal.ts).
 *
 *   const reveal = useDesireReveal(provider);
 *   reveal.start(answers.revealItems());
 *   if (reveal.view.kind === 'done') show(reveal.view.matches, reveal.view.ownCount, reveal.view.partnerCount);
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { DesireRevealItem } from '@securebase/model';
import type { DesireRevealRound, EncryptedProvider } from '@securebase/sync';
import type { Said } from '../i18n.js';
import { describeError } from '../messages.js';

/** How long a round waits for the partner to press reveal too, and for the whole exchange. */
export const REVEAL_TIMEOUT_MS = 3 * 60_000;

export type DesireRevealView =
  | { kind: 'idle' }
  | { kind: 'waiting' }
  | { kind: 'exchanging' }
  /** `matches` are this person's own items (id or words, and title) of the shared ones. */
  | { kind: 'done'; matches: DesireRevealItem[]; ownCount: number; partnerCount: number }
  | { kind: 'stopped'; message: Said; cancelled: boolean };

export interface DesireRevealHandle {
  view: DesireRevealView;
  /** Start a round with these items; false (and a message in `view`) when it could not start. */
  start(items: readonly DesireRevealItem[]): boolean;
  /** Stop the round now (the partner's app is told), or put the last result away. */
  stop(): void;
}

/** The reveal on this screen over the shared provider (undefined while the workbook opens). */
export function useDesireReveal(provider: EncryptedProvider | undefined): DesireRevealHandle {
  const [view, setView] = useState<DesireRevealView>({ kind: 'idle' });
  const round = useRef<DesireRevealRound | undefined>(undefined);

  // Leaving the screen (or a new provider) ends a running round and forgets any result.
  useEffect(
    () => () => {
      round.current?.cancel();
      round.current = undefined;
      setView({ kind: 'idle' });
    },
    [provider],
  );

  const start = useCallback(
    (items: readonly DesireRevealItem[]): boolean => {
      if (!provider || round.current) return false;
      let started: DesireRevealRound;
      try {
        started = provider.reveals.start({ items: items.map((i) => i.item), timeoutMs: REVEAL_TIMEOUT_MS });
      } catch (err) {
        // A round already running on this device, or an item the reveal cannot carry.
        if (!(err instanceof RangeError)) throw err;
        setView({ kind: 'stopped', message: (t) => t('desires.reveal.cannotStart'), cancelled: false });
        return false;
      }
      round.current = started;
      const mine = new Map(items.map((i) => [i.item, i]));
      setView({ kind: 'waiting' });
      started.onPhase((phase) => {
        if (round.current === started && phase === 'exchanging') setView({ kind: 'exchanging' });
      });
      void started.outcome.then((outcome) => {
        if (round.current !== started) return;
        round.current = undefined;
        if (outcome.ok) {
          const { matches, ownCount, partnerCount } = outcome.value;
          setView({ kind: 'done', matches: matches.map((m) => mine.get(m) ?? { item: m, title: m }), ownCount, partnerCount });
        } else {
          const { error } = outcome;
          setView({ kind: 'stopped', message: (t) => describeError(error, t), cancelled: error.code === 'reveal-cancelled' });
        }
      });
      return true;
    },
    [provider],
  );

  const stop = useCallback((): void => {
    if (round.current) round.current.cancel();
    else setView({ kind: 'idle' });
  }, []);

  return { view, start, stop };
}
