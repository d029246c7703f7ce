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
import { capitalise, partnerId as findPartnerId, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { NARRATIVE_PARTS_TEXT } from './section-labels.js';
import { usePrivateWorkbook, type PrivateWorkbookState } from './use-private-workbook.js';
import { WordDiffView } from './word-diff-view.js';
import './sections.css';
import './story.css';

/** The story screen: three parts, each with both perspectives and the acknowledgements. */
export function NarrativeSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const name = partnerName(workbook, me);
  return (
    <section class="section" aria-labelledby="narrative-heading">
      <h2 id="narrative-heading">Our story</h2>
      <p class="section-intro">
        The story from rupture toward resilience, told by each of you. Write your side in private,
        at your own pace: {name} sees nothing of it until you choose to share it. Read{' '}
        {name}&rsquo;s side without correcting it, and when you have read it, say so.
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
  const { title, prompt } = NARRATIVE_PARTS_TEXT[part];
  const partner = storyPartner(workbook, me, part);
  const name = partnerName(workbook, me);
  const acks = workbook.narrative.acknowledgements(part);
  return (
    <section class="card story-part" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p class="hint" id={`${id}-prompt`}>
        {prompt}
      </p>
      <div class="side-by-side">
        <div class="partner-column is-mine">
          <p class="partner-label">In my words</p>
          <MyPerspective part={part} workbook={workbook} me={me} priv={priv} partnerLabel={name} promptId={`${id}-prompt`} />
        </div>
        <div class="partner-column">
          <p class="partner-label">In {name}&rsquo;s words</p>
          {partner ? (
            <RichTextView
              fragment={workbook.narrative.perspectiveFragment(part, partner)}
              label={`${title}, in ${name}’s words`}
              emptyText={`${capitalise(name)} has not shared this part yet.`}
            />
          ) : (
            <p class="not-yet">{capitalise(name)} has not shared this part yet.</p>
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
  const title = NARRATIVE_PARTS_TEXT[part].title;
  const sharedFragment = workbook.narrative.perspectiveFragment(part, me);
  const isShared = workbook.narrative.perspective(part, me).text.trim().length > 0;

  if (priv.kind !== 'ready') {
    return (
      <>
        {priv.kind === 'opening' ? (
          <p class="empty">Opening your private space…</p>
        ) : (
          <p class="form-error" role="alert">
            Your private space could not be opened on this device, so the story cannot be written
            here just now: {priv.message}
          </p>
        )}
        {isShared && <RichTextView fragment={sharedFragment} label={`${title}, as shared`} emptyText="" />}
      </>
    );
  }

  const drafts = priv.workbook.storyDrafts;
  const composing = !isShared || revising || drafts.hasDraft(part);

  const share = (): void => {
    if (justPublished.current && !drafts.hasDraft(part)) return;
    const refused = attemptWrite(() => publishStoryDraft(priv.workbook, workbook, part, me));
    if (refused) {
      setErrors(refused.text ? { text: `Write something first: there is nothing to share with ${partnerLabel} yet.` } : refused);
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
    const refused = attemptWrite(() => reviseSharedStory(priv.workbook, workbook, part, me));
    setErrors(refused ?? {});
    if (!refused) setRevising(true);
  };

  const discard = (): void => {
    const refused = attemptWrite(() => drafts.discard(part));
    setErrors(refused ?? {});
    if (!refused) setRevising(false);
  };

  if (!composing) {
    return (
      <div class="story-shared">
        <p class="story-status is-shared">
          <span class="shared-badge">Shared with {partnerLabel}</span> This is what {partnerLabel} reads.
        </p>
        <RichTextView fragment={sharedFragment} label={`${title}, as shared with ${partnerLabel}`} emptyText="" />
        <div class="card-actions">
          <button type="button" class="button-quiet" onClick={revise}>
            Revise my words
          </button>
        </div>
        <FieldError id={`${id}-error`} message={errors.text ?? errors.form ?? errors.part} />
      </div>
    );
  }

  return (
    <div class="story-draft">
      <p class="story-status">
        <span class="private-badge">Only you can see this draft</span>{' '}
        {isShared
          ? `${capitalise(partnerLabel)} still sees the shared version until you share your changes.`
          : `${capitalise(partnerLabel)} sees nothing of it until you share it.`}
      </p>
      <RichTextEditor fragment={drafts.fragment(part)} label={`${title}, in my words`} describedBy={promptId} />
      <div class="card-actions">
        <button type="button" class="button-primary" onClick={share}>
          {isShared ? `Share changes with ${partnerLabel}` : `Share with ${partnerLabel}`}
        </button>
        {isShared && (
          <ConfirmButton
            label="Throw away changes"
            ariaLabel={`Throw away changes: ${title}`}
            question={`Throw away your private changes? ${capitalise(partnerLabel)} keeps reading the shared version.`}
            confirmLabel="Yes, throw them away"
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
  const title = NARRATIVE_PARTS_TEXT[part].title;
  const partnerWrote = partner !== undefined && workbook.narrative.perspective(part, partner).text.trim().length > 0;

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!partner) return;
    // The same words for the same version are already there: a double click adds nothing.
    const revision = workbook.narrative.publishedRevision(part, partner);
    const same = acks.some((a) => a.by === me && a.of === partner && a.revision === revision && a.text === text.trim());
    if (same) return;
    const refused = attemptWrite(() => workbook.narrative.acknowledge({ part, of: partner, text }, me));
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
        <ul class="ack-list" aria-label={`Acknowledgements: ${title}`}>
          {acks.map((ack) => (
            <AckItem key={ack.id} ack={ack} workbook={workbook} me={me} partnerLabel={partnerLabel} />
          ))}
        </ul>
      )}
      {partnerWrote && (
        <OnceForm class="ack-form" onSubmit={submit} aria-label={`Acknowledge ${partnerLabel}: ${title}`} noValidate>
          <TextField
            label={`Acknowledge what ${partnerLabel} wrote`}
            hint="What you heard, in your own words. Not whether you agree."
            placeholder="I hear that you felt…"
            multiline
            rows={2}
            value={text}
            onInput={setText}
            error={errors.text ?? errors.of}
            draftKey={`narrative/${part}/acknowledge`}
          />
          <button type="submit" class="button-quiet">
            Acknowledge
          </button>
        </OnceForm>
      )}
    </div>
  );
}

function AckItem({ ack, workbook, me, partnerLabel }: { ack: NarrativeAcknowledgement; workbook: Workbook; me: PartnerId; partnerLabel: string }) {
  const since = workbook.narrative.changesSince(ack);
  const mine = ack.by === me;
  return (
    <li class={since ? 'ack-earlier' : undefined}>
      <span class="byline">{mine ? `You acknowledged ${partnerLabel}` : `${capitalise(partnerLabel)} acknowledged you`}</span>
      <p class="note-text">{ack.text}</p>
      {since && !mine && (
        <p class="hint">{capitalise(partnerLabel)} acknowledged an earlier version; your words have changed since.</p>
      )}
      {since && mine && (
        <details class="ack-changes">
          <summary>You acknowledged an earlier version — see what changed</summary>
          <div role="group" aria-label="What changed since you acknowledged it">
            {since.changes ? (
              <WordDiffView changes={since.changes} />
            ) : (
              <p class="hint">The version you acknowledged is no longer kept; {partnerLabel}&rsquo;s words above are the ones shared now.</p>
            )}
          </div>
          <p class="hint">If you like, acknowledge the new version below.</p>
        </details>
      )}
      {mine && (
        <ConfirmButton
          label="Withdraw"
          ariaLabel={`Withdraw acknowledgement: ${ack.text}`}
          question="Withdraw this acknowledgement?"
          confirmLabel="Yes, withdraw"
          onConfirm={() => workbook.narrative.removeAcknowledgement(ack.id, me)}
        />
      )}
    </li>
  );
}
