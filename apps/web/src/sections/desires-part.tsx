/**
 * "Desires" on the closeness screen: the private yes / maybe / no list and the mutual reveal.
 * It sits on the Closeness screen (not a section of its own) because it belongs to the same
 * path back to closeness, needs no route, export or print of its own (nothing of it is in the
 * shared document), and loads in the closeness chunk, so the first screen stays as small.
 *
 *   <DesiresPart privateDoc={doc} provider={provider} partner="Sam" />
 */
import { useMemo } from 'preact/hooks';
import type * as Y from 'yjs';
import { DesireAnswers } from '@securebase/model';
import type { EncryptedProvider } from '@securebase/sync';
import { WithName, slots, useI18n } from '../i18n.js';
import { DESIRES_PRIVATE_NOTE_ID, DesiresList } from './desires-list.js';
import { RevealPanel } from './desires-reveal-panel.js';
import './desires.css';

interface Props {
  /** This person's private document; undefined while it opens (or when it cannot). */
  privateDoc: Y.Doc | undefined;
  provider: EncryptedProvider | undefined;
  partner: string;
}

/** The desires list and "Reveal together". */
export function DesiresPart({ privateDoc, provider, partner }: Props) {
  const { t } = useI18n();
  const answers = useMemo(() => (privateDoc ? new DesireAnswers(privateDoc) : undefined), [privateDoc]);
  return (
    <section class="desires" aria-labelledby="desires-heading">
      <h3 id="desires-heading" class="list-heading">
        {t('desires.heading')}
      </h3>
      <p class="hint desires-note" id={DESIRES_PRIVATE_NOTE_ID}>
        <span class="private-badge">{t('desires.badge')}</span> <WithName text={t('desires.note.answers', slots('partner'))} name={partner} />{' '}
        <WithName text={t('desires.note.neverLearns', slots('partner'))} name={partner} />
      </p>
      <RevealPanel answers={answers} provider={provider} partner={partner} />
      {answers && <DesiresList answers={answers} partner={partner} />}
    </section>
  );
}
