/**
 * Our story: the rupture retold in three parts (what happened, the needs that went unmet, what
 * is still possible). Each partner composes their own perspective privately, in their private
 * workbook, and shares it with one deliberate "Share with …"; a shared text is revised the same
 * way. The partner's shared words are shown read-only beside one's own; under them, an
 * acknowledgement ("I hear that you felt…") says they were read, and says so honestly once the
 * words change after it ("you acknowledged an earlier version", with what changed).
 *
 *   <NarrativeSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  NARRATIVE_PARTS,
  publishStoryDraft,
  reviseSharedStory,
  type NarrativeAcknowledgement,
  type NarrativePart,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { FieldError } from '../components/field-error.js';
import { RichTextEditor, RichTextView } from '../components/rich-text-editor.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { partnerId as findPartnerId, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { NARRATIVE_PARTS_TEXT } from './section-labels.js';
import { sentence, slots, useI18n, WithName, type MessageKey } from '../i18n.js';
import { usePrivateWorkbook, type PrivateWorkbookState } from './use-private-workbook.js';
import { WordDiffView } from './word-diff-view.js';
import './sections.css';
import './story.css';

/** What each part asks of the one writing it. */
const PART_PROMPTS: Record<NarrativePart, MessageKey> = {
  'what-happened': 'story.prompt.whatHappened',
  'unmet-needs': 'story.prompt.unmetNeeds',
  'still-possible': 'story.prompt.stillPossible',
};

/** The story screen: three parts, each with both perspectives and the acknowledgements. */
export function NarrativeSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const { t } = useI18n();
  const name = partnerName(workbook, me, t);
  return (
    <section class="section" aria-labelledby="narrative-heading">
      <h2 id="narrative-heading">{t('labels.section.narrative')}</h2>
      <p class="section-intro">
        <WithName text={t('story.intro', slots('partner'))} name={name} />
      </p>
      {NARRATIVE_PARTS.map((part) => (
        <StoryPart key={part} part={part} workbook={workbook} me={me} priv={priv} />
      ))}
    </section>
  );
}

/** The partner's id: from their name in the workbook, else from who has written in this part. */
function storyPartner(workbook: Workbook, me: PartnerId, part: NarrativePart): PartnerId | undefined {
  return findPartnerId(workbook, me) ?? workbook.narrative.authors(part).find((p) => p !== me);
}

interface PartProps {
  part: NarrativePart;
  workbook: Workbook;
  me: PartnerId;
  priv: PrivateWorkbookState;
}

function StoryPart({ part, workbook, me, priv }: PartProps) {
  const id = useId();
  const { t } = useI18n();
  const title = t(NARRATIVE_PARTS_TEXT[part].title);
  const prompt = t(PART_PROMPTS[part]);
  const partner = storyPartner(workbook, me, part);
  const name = partnerName(workbook, me, t);
  const acks = workbook.narrative.acknowledgements(part);
  return (
    <section class="card story-part" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p class="hint" id={`${id}-prompt`}>
        {prompt}
      </p>
      <div class="side-by-side">
        <div class="partner-column is-mine">
          <p class="partner-label">{t('story.mine')}</p>
          <MyPerspective part={part} workbook={workbook} me={me} priv={priv} partnerLabel={name} promptId={`${id}-prompt`} />
        </div>
        <div class="partner-column">
          <p class="partner-label">
            <WithName text={t('story.theirs', slots('partner'))} name={name} />
          </p>
          {partner ? (
            <RichTextView
              fragment={workbook.narrative.perspectiveFragment(part, partner)}
              label={t('story.theirs.label', { title, partner: name })}
              emptyText={sentence(t('story.theirs.none', { partner: name }))}
            />
          ) : (
            <p class="not-yet">
              <WithName text={t('story.theirs.none', slots('partner'))} name={name} />
            </p>
          )}
        </div>
      </div>
      <Acknowledgements part={part} acks={acks} workbook={workbook} me={me} partner={partner} partnerLabel={name} />
    </section>
  );
}

interface MineProps extends PartProps {
  partnerLabel: string;
  promptId: string;
}

/**
 * My side of one part: the private draft with "Share with …" while composing or revising, else
 * the shared words as the partner sees them, with "Revise my words".
 */
function MyPerspective({ part, workbook, me, priv, partnerLabel, promptId }: MineProps) {
  const [revising, setRevising] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  // Set once a publish went through, so the second click of a double click (which arrives
  // before the screen has changed) is not read as "share an empty draft".
  const justPublished = useRef(false);
  const id = useId();
  const { t } = useI18n();
  const title = t(NARRATIVE_PARTS_TEXT[part].title);
  const sharedFragment = workbook.narrative.perspectiveFragment(part, me);
  const isShared = workbook.narrative.perspective(part, me).text.trim().length > 0;

  if (priv.kind !== 'ready') {
    return (
      <>
        {priv.kind === 'opening' ? (
          <p class="empty">{t('story.opening')}</p>
        ) : (
          <p class="form-error" role="alert">
            {t('story.unavailable', { message: priv.message })}
          </p>
        )}
        {isShared && <RichTextView fragment={sharedFragment} label={t('story.shared.label', { title })} emptyText="" />}
      </>
    );
  }

  const drafts = priv.workbook.storyDrafts;
  const composing = !isShared || revising || drafts.hasDraft(part);

  const share = (): void => {
    if (justPublished.current && !drafts.hasDraft(part)) return;
    const refused = attemptWrite(() => publishStoryDraft(priv.workbook, workbook, part, me), t);
    if (refused) {
      setErrors(refused.text ? { text: t('story.share.empty', { partner: partnerLabel }) } : refused);
      return;
    }
    justPublished.current = true;
    setErrors({});
    setRevising(false);
  };

  const revise = (event: JSX.TargetedMouseEvent<HTMLButtonElement>): void => {
    // The second click of a double click on "Share" can land here once the screen changed.
    if (event.detail > 1) return;
    justPublished.current = false;
    const refused = attemptWrite(() => reviseSharedStory(priv.workbook, workbook, part, me), t);
    setErrors(refused ?? {});
    if (!refused) setRevising(true);
  };

  const discard = (): void => {
    const refused = attemptWrite(() => drafts.discard(part), t);
    setErrors(refused ?? {});
    if (!refused) setRevising(false);
  };

  if (!composing) {
    return (
      <div class="story-shared">
        <p class="story-status is-shared">
          <span class="shared-badge">
            <WithName text={t('story.shared.badge', slots('partner'))} name={partnerLabel} />
          </span>{' '}
          <WithName text={t('story.shared.reads', slots('partner'))} name={partnerLabel} />
        </p>
        <RichTextView fragment={sharedFragment} label={t('story.shared.withLabel', { title, partner: partnerLabel })} emptyText="" />
        <div class="card-actions">
          <button type="button" class="button-quiet" onClick={revise}>
            {t('story.revise')}
          </button>
        </div>
        <FieldError id={`${id}-error`} message={errors.text ?? errors.form ?? errors.part} />
      </div>
    );
  }

  return (
    <div class="story-draft">
      <p class="story-status">
        <span class="private-badge">{t('story.draft.badge')}</span>{' '}
        {isShared ? (
          <WithName text={t('story.draft.stillShared', slots('partner'))} name={partnerLabel} />
        ) : (
          <WithName text={t('story.draft.notShared', slots('partner'))} name={partnerLabel} />
        )}
      </p>
      <RichTextEditor fragment={drafts.fragment(part)} label={t('story.draft.label', { title })} describedBy={promptId} />
      <div class="card-actions">
        <button type="button" class="button-primary" onClick={share}>
          {isShared ? t('story.shareChanges', { partner: partnerLabel }) : t('story.share', { partner: partnerLabel })}
        </button>
        {isShared && (
          <ConfirmButton
            label={t('story.discard')}
            ariaLabel={t('story.discard.label', { title })}
            question={`${t('story.discard.question')} ${sentence(t('story.discard.question.partner', { partner: partnerLabel }))}`}
            confirmLabel={t('story.discard.confirm')}
            onConfirm={discard}
          />
        )}
      </div>
      <FieldError id={`${id}-error`} message={errors.text ?? errors.form ?? errors.part} />
    </div>
  );
}

interface AckProps {
  part: NarrativePart;
  acks: NarrativeAcknowledgement[];
  workbook: Workbook;
  me: PartnerId;
  partner: PartnerId | undefined;
  partnerLabel: string;
}

function Acknowledgements({ part, acks, workbook, me, partner, partnerLabel }: AckProps) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const { t } = useI18n();
  const title = t(NARRATIVE_PARTS_TEXT[part].title);
  const partnerWrote = partner !== undefined && workbook.narrative.perspective(part, partner).text.trim().length > 0;

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!partner) return;
    // The same words for the same version are already there: a double click adds nothing.
    const revision = workbook.narrative.publishedRevision(part, partner);
    const same = acks.some((a) => a.by === me && a.of === partner && a.revision === revision && a.text === text.trim());
    if (same) return;
    const refused = attemptWrite(() => workbook.narrative.acknowledge({ part, of: partner, text }, me), t);
    if (refused) {
      setErrors(refused);
      return;
    }
    setText('');
    setErrors({});
  };

  return (
    <div class="acknowledgements">
      {acks.length > 0 && (
        <ul class="ack-list" aria-label={t('story.acks.label', { title })}>
          {acks.map((ack) => (
            <AckItem key={ack.id} ack={ack} workbook={workbook} me={me} partnerLabel={partnerLabel} />
          ))}
        </ul>
      )}
      {partnerWrote && (
        <OnceForm class="ack-form" onSubmit={submit} aria-label={t('story.ack.form', { partner: partnerLabel, title })} noValidate>
          <TextField
            label={t('story.ack.field', { partner: partnerLabel })}
            hint={t('story.ack.hint')}
            placeholder={t('story.ack.placeholder')}
            multiline
            rows={2}
            value={text}
            onInput={setText}
            error={errors.text ?? errors.of}
            draftKey={`narrative/${part}/acknowledge`}
          />
          <button type="submit" class="button-quiet">
            {t('story.ack.submit')}
          </button>
        </OnceForm>
      )}
    </div>
  );
}

function AckItem({ ack, workbook, me, partnerLabel }: { ack: NarrativeAcknowledgement; workbook: Workbook; me: PartnerId; partnerLabel: string }) {
  const since = workbook.narrative.changesSince(ack);
  const mine = ack.by === me;
  const { t } = useI18n();
  return (
    <li class={since ? 'ack-earlier' : undefined}>
      <span class="byline">
        {mine ? (
          <WithName text={t('story.ack.byMe', slots('partner'))} name={partnerLabel} />
        ) : (
          <WithName text={t('story.ack.byPartner', slots('partner'))} name={partnerLabel} />
        )}
      </span>
      <p class="note-text">{ack.text}</p>
      {since && !mine && (
        <p class="hint">
          <WithName text={t('story.ack.partnerEarlier', slots('partner'))} name={partnerLabel} />
        </p>
      )}
      {since && mine && (
        <details class="ack-changes">
          <summary>{t('story.ack.mineEarlier')}</summary>
          <div role="group" aria-label={t('story.ack.changed')}>
            {since.changes ? (
              <WordDiffView changes={since.changes} />
            ) : (
              <p class="hint">
                <WithName text={t('story.ack.notKept', slots('partner'))} name={partnerLabel} />
              </p>
            )}
          </div>
          <p class="hint">{t('story.ack.again')}</p>
        </details>
      )}
      {mine && (
        <ConfirmButton
          label={t('story.ack.withdraw')}
          ariaLabel={t('story.ack.withdraw.label', { text: ack.text })}
          question={t('story.ack.withdraw.question')}
          confirmLabel={t('story.ack.withdraw.confirm')}
          onConfirm={() => workbook.narrative.removeAcknowledgement(ack.id, me)}
        />
      )}
    </li>
  );
}
