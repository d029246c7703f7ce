/**
 * Our story: the rupture retold in three parts (what happened, the needs that went unmet, what
 * is still possible). Each partner writes their own perspective as rich text, side by side with
 * the other's, which is shown read-only; under the partner's words, an acknowledgement ("I hear
 * that you felt…") says they were read.
 *
 *   <NarrativeSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  NARRATIVE_PARTS,
  type NarrativeAcknowledgement,
  type NarrativePart,
  type PartnerId,
  type Workbook,
} from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { RichTextEditor, RichTextView } from '../components/rich-text-editor.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { capitalise, partnerId as findPartnerId, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { NARRATIVE_PARTS_TEXT } from './section-labels.js';
import './sections.css';

/** The story screen: three parts, each with both perspectives and the acknowledgements. */
export function NarrativeSection({ workbook, me }: SectionProps) {
  return (
    <section class="section" aria-labelledby="narrative-heading">
      <h2 id="narrative-heading">Our story</h2>
      <p class="section-intro">
        The story from rupture toward resilience, told by each of you. Write your own side; read
        your partner&rsquo;s without correcting it. You each see the other&rsquo;s words as they are
        written, and only you can change yours. When you have read your partner&rsquo;s part, say so.
      </p>
      {NARRATIVE_PARTS.map((part) => (
        <StoryPart key={part} part={part} workbook={workbook} me={me} />
      ))}
    </section>
  );
}

/** The partner's id: from their name in the workbook, else from who has written in this part. */
function storyPartner(workbook: Workbook, me: PartnerId, part: NarrativePart): PartnerId | undefined {
  return findPartnerId(workbook, me) ?? workbook.narrative.authors(part).find((p) => p !== me);
}

function StoryPart({ part, workbook, me }: { part: NarrativePart; workbook: Workbook; me: PartnerId }) {
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
          <RichTextEditor
            fragment={workbook.narrative.perspectiveFragment(part, me)}
            label={`${title}, in my words`}
            describedBy={`${id}-prompt`}
          />
        </div>
        <div class="partner-column">
          <p class="partner-label">In {name}&rsquo;s words</p>
          {partner ? (
            <RichTextView
              fragment={workbook.narrative.perspectiveFragment(part, partner)}
              label={`${title}, in ${name}’s words`}
              emptyText={`${capitalise(name)} has not written this part yet.`}
            />
          ) : (
            <p class="not-yet">{capitalise(name)} has not written this part yet.</p>
          )}
        </div>
      </div>
      <Acknowledgements part={part} acks={acks} workbook={workbook} me={me} partner={partner} partnerLabel={name} />
    </section>
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
            <li key={ack.id}>
              <span class="byline">
                {ack.by === me ? `You acknowledged ${partnerLabel}` : `${capitalise(partnerLabel)} acknowledged you`}
              </span>
              <p class="note-text">{ack.text}</p>
              {ack.by === me && (
                <ConfirmButton
                  label="Withdraw"
                  ariaLabel={`Withdraw acknowledgement: ${ack.text}`}
                  question="Withdraw this acknowledgement?"
                  confirmLabel="Yes, withdraw"
                  onConfirm={() => workbook.narrative.removeAcknowledgement(ack.id, me)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {partnerWrote && (
        <form class="ack-form" onSubmit={submit} aria-label={`Acknowledge ${partnerLabel}: ${title}`} noValidate>
          <TextField
            label={`Acknowledge what ${partnerLabel} wrote`}
            hint="What you heard, in your own words. Not whether you agree."
            placeholder="I hear that you felt…"
            multiline
            rows={2}
            value={text}
            onInput={setText}
            error={errors.text ?? errors.of}
          />
          <button type="submit" class="button-quiet">
            Acknowledge
          </button>
        </form>
      )}
    </div>
  );
}
