/**
 * Rehearsal in the live layer: opens when an agreement card asks (rehearse-request.ts), together
 * (RehearseTogether over sealed live signals: both screens on one turn) or alone (a local copy
 * of the same state; nothing is sent). The screen's code loads only when a rehearsal opens.
 *
 * "This felt hard" marks are kept in this page's memory only, never stored or sent: what felt
 * hard while practising is the most private part of it, and the private workbook would carry it
 * to the person's other devices and into exports. The person may share one line as a normal note
 * in the shared inbox instead (a deliberate act, worded by the screen).
 *
 *   <RehearseLayer workbook={workbook} me={me} provider={provider} partner="sam" revision={revision} hidden={false} />
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { otherRole, type ScriptRole, type Workbook } from '@securebase/model';
import type { EncryptedProvider } from '@securebase/sync';
import { lazyScreen } from '../shell/lazy-screen.js';
import { onRehearsalRequest } from './rehearse-request.js';
import type { RehearsalControls, RehearsalView } from './rehearse-screen.js';
import { useRehearseTogether } from './use-rehearse-together.js';

const RehearseScreen = lazyScreen(() => import('./rehearse-screen.js').then((m) => m.RehearseScreen), 'pages');

interface Props {
  workbook: Workbook;
  me: string;
  provider: EncryptedProvider | undefined;
  partner: string;
  /** Bumps on every workbook change: the script is read again. */
  revision: number;
  /** A pause is showing: the rehearsal waits behind it (and goes on when the pause ends). */
  hidden: boolean;
}

interface AloneSession {
  scriptId: string;
  myRole: ScriptRole;
  step: number;
  paused: boolean;
}

/** The rehearsal card, when one is open. */
export function RehearseLayer({ workbook, me, provider, partner, revision, hidden }: Props) {
  const shared = useRehearseTogether(provider, me);
  const [alone, setAlone] = useState<AloneSession>();
  // Marked lines per script, by their words (so a swap of roles keeps them): memory only.
  const [hard, setHard] = useState<ReadonlyMap<string, ReadonlySet<string>>>(new Map());

  useEffect(
    () =>
      onRehearsalRequest(({ scriptId, together }) => {
        if (together) {
          setAlone(undefined);
          shared.together?.start(scriptId, 'first');
        } else {
          shared.together?.end();
          setAlone({ scriptId, myRole: 'first', step: 0, paused: false });
        }
      }),
    [shared.together],
  );

  const session = shared.state.session;
  const view: RehearsalView | undefined = session
    ? { scriptId: session.scriptId, myRole: session.myRole, step: session.step, paused: session.paused, together: true }
    : alone && { ...alone, together: false };

  const controls = useMemo<RehearsalControls>(() => {
    const together = shared.together;
    if (session && together) {
      return {
        step: (delta) => together.step(delta),
        setPaused: (paused) => together.setPaused(paused),
        swapRoles: () => together.swapRoles(),
        end: () => together.end(),
      };
    }
    return {
      step: (delta) => setAlone((s) => s && { ...s, step: Math.max(0, s.step + delta) }),
      setPaused: (paused) => setAlone((s) => s && { ...s, paused }),
      swapRoles: () => setAlone((s) => s && { ...s, myRole: otherRole(s.myRole) }),
      end: () => setAlone(undefined),
    };
  }, [session !== undefined, shared.together]);

  if (!view || hidden) return null;
  const marks = hard.get(view.scriptId) ?? new Set<string>();
  const toggleHard = (line: string): void =>
    setHard((all) => {
      const next = new Set(all.get(view.scriptId));
      if (next.has(line)) next.delete(line);
      else next.add(line);
      return new Map(all).set(view.scriptId, next);
    });
  return (
    <RehearseScreen
      workbook={workbook}
      me={me}
      partner={partner}
      revision={revision}
      view={view}
      controls={controls}
      hardLines={marks}
      onToggleHard={toggleHard}
    />
  );
}
