/**
 * Closeness: a gentle ladder back to closeness, one small step at a time. Each step shows where
 * this person is with it ("ready", "maybe soon", "not yet"), kept in their private document, so
 * the partner never sees it; what both see is only the step and pace they agreed on, as the model
 * computes them (ClosenessLadder). Moving on needs both; stepping back is one tap and never asks
 * why. The screen only renders the model and forwards taps: every rule lives in packages/model.
 *
 *   <ClosenessSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} provider={provider} />
 */
import { useMemo } from 'preact/hooks';
import { ClosenessLadder, ClosenessPositions, closenessLinks, type Workbook } from '@securebase/model';
import { partnerName } from './partners.js';
import { WithName, slots, useI18n } from '../i18n.js';
import type { SectionProps } from './registry.js';
import { usePrivateWorkbook } from './use-private-workbook.js';
import { AddStepForm, PRIVATE_NOTE_ID, StepCard } from './closeness-step-card.js';
import { TogetherPanel } from './closeness-together.js';
import { DesiresPart } from './desires-part.js';
import './sections.css';
import './closeness.css';

/** The closeness screen: where we are together, then the ladder, then adding our own step. */
export function ClosenessSection({ workbook, me, credentials, store, provider }: SectionProps) {
  const { t } = useI18n();
  const ladder = useLadder(workbook);
  const priv = usePrivateWorkbook(credentials, store);
  const privateDoc = priv.kind === 'ready' ? priv.workbook.doc : undefined;
  const positions = useMemo(() => (privateDoc ? new ClosenessPositions(privateDoc) : undefined), [privateDoc]);
  const steps = ladder.steps();
  const status = ladder.status();
  const included = new Set(ladder.includedStepIds());
  const partner = partnerName(workbook, me, t);
  return (
    <section class="section closeness" aria-labelledby="closeness-heading">
      <h2 id="closeness-heading">{t('closeness.heading')}</h2>
      <p class="section-intro">{t('closeness.intro')}</p>
      <TogetherPanel ladder={ladder} workbook={workbook} me={me} partner={partner} steps={steps} status={status} />
      {priv.kind === 'opening' && <p class="empty">{t('closeness.private.opening')}</p>}
      {priv.kind === 'unavailable' && (
        <p class="form-error" role="alert">
          {t('closeness.private.unavailable', { reason: priv.message })}
        </p>
      )}
      <h3 class="list-heading">{t('closeness.ladder')}</h3>
      <p class="hint ladder-note" id={PRIVATE_NOTE_ID}>
        <span class="private-badge">{t('closeness.ladder.badge')}</span> {t('closeness.ladder.note')}{' '}
        <WithName text={t('closeness.ladder.partnerSees', slots('partner'))} name={partner} />
      </p>
      <ol class="card-list ladder" aria-label={t('closeness.ladder')}>
        {steps.map((step, index) => (
          <StepCard
            key={step.id}
            step={step}
            index={index}
            steps={steps}
            ladder={ladder}
            workbook={workbook}
            me={me}
            partner={partner}
            positions={positions}
            isCurrent={status.currentStepId === step.id}
            isIncluded={included.has(step.id)}
            boundaries={closenessLinks(ladder, workbook, step.id).boundaries}
          />
        ))}
      </ol>
      <AddStepForm ladder={ladder} me={me} />
      <DesiresPart privateDoc={privateDoc} provider={provider} partner={partner} />
    </section>
  );
}

/** One ladder over the open workbook's document, bound to its verified writers. */
function useLadder(workbook: Workbook): ClosenessLadder {
  return useMemo(() => {
    const authorOfClient = workbook.authorOfClient;
    return new ClosenessLadder(workbook.doc, authorOfClient ? { authorOfClient } : {});
  }, [workbook]);
}
