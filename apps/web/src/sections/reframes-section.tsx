/**
 * Reframes: an automatic thought ("they don't care") → evidence from recent supportive
 * exchanges → a kinder, truer reframe. The form offers recent wins and appreciations from the
 * workbook as evidence, since the thought usually forgets them. A reframe is inner work ("I'm
 * unlovable…"), so a new one is private by default: kept in this partner's private workbook,
 * readable only on their own devices. "<Partner> and me" shares it at once, with words saying
 * so; a private one can be shared later by a deliberate, explained "Share with …", as
 * boundary drafts are.
 *
 *   <ReframesSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { sectionDecision, shareReframeDraft, type PartnerId, type PrivateWorkbook, type ReframeDraft, type ReframeItem, type Workbook } from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { FieldError } from '../components/field-error.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { Refusal, RemoveAction, useRefusal } from './change-notes.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { authorName, capitalise, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { usePrivateWorkbook, type PrivateWorkbookState } from './use-private-workbook.js';
import './sections.css';
import './story.css';

interface ReframeInput {
  thought: string;
  evidence: string;
  reframe: string;
}

const EMPTY: ReframeInput = { thought: '', evidence: '', reframe: '' };
/** How far back "recent" reaches for evidence suggestions. */
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_SUGGESTIONS = 5;

/** The reframes screen: the add form (with evidence suggestions), my private reframes, the shared list. */
export function ReframesSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const items = workbook.reframes.list().slice().reverse();
  const name = partnerName(workbook, me);
  return (
    <section class="section" aria-labelledby="reframes-heading">
      <h2 id="reframes-heading">Reframes</h2>
      <p class="section-intro">
        When an old, automatic thought shows up, write it down, look at what has actually happened
        between you lately, and find words that fit the evidence. A reframe stays private unless
        you choose to share it with {name}.
      </p>
      <AddReframeForm workbook={workbook} me={me} priv={priv} partnerLabel={name} />
      <PrivateReframes priv={priv} workbook={workbook} me={me} partnerLabel={name} />
      <h3 class="list-heading">Shared with each other</h3>
      {items.length === 0 ? (
        <p class="empty">Nothing shared yet. Reframes either of you shares appear here for both of you.</p>
      ) : (
        <ul class="card-list" aria-label="Shared reframes">
          {items.map((item) => (
            <ReframeCard key={item.id} item={item} workbook={workbook} me={me} />
          ))}
        </ul>
      )}
    </section>
  );
}

type Visibility = 'private' | 'shared';

/** Recent supportive moments in the workbook: wins and appreciations, newest first. */
function recentEvidence(workbook: Workbook, me: PartnerId): string[] {
  const since = Date.now() - RECENT_MS;
  const moments: { at: number; text: string }[] = [];
  for (const win of workbook.wins.list()) {
    if (win.createdAt >= since) moments.push({ at: win.createdAt, text: win.text });
  }
  for (const note of workbook.inbox.list()) {
    if (note.kind === 'appreciation' && note.createdAt >= since && note.createdBy !== me) {
      moments.push({ at: note.createdAt, text: note.text });
    }
  }
  return moments
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_SUGGESTIONS)
    .map((m) => m.text);
}

interface FormProps {
  workbook: Workbook;
  me: PartnerId;
  priv: PrivateWorkbookState;
  partnerLabel: string;
}

function AddReframeForm({ workbook, me, priv, partnerLabel }: FormProps) {
  const [input, setInput] = useState(EMPTY);
  // Private unless the person chooses otherwise, for this reframe only.
  const [visibility, setVisibility] = useState<Visibility>('private');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();
  const suggestions = recentEvidence(workbook, me);
  // Functional, so fields restored from drafts in one render do not overwrite each other.
  const set = (field: keyof ReframeInput) => (value: string) => setInput((prev) => ({ ...prev, [field]: value }));

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (visibility === 'private' && priv.kind !== 'ready') {
      setErrors({
        form:
          priv.kind === 'opening'
            ? 'Your private space is still opening. Please try again in a moment.'
            : `Your private space could not be opened on this device, so this reframe cannot be kept privately here: ${priv.message}`,
      });
      return;
    }
    const refused = attemptWrite(() =>
      visibility === 'private' && priv.kind === 'ready' ? priv.workbook.reframeDrafts.add(input) : workbook.reframes.add(input, me),
    );
    if (refused) {
      setErrors(refused);
      return;
    }
    setInput(EMPTY);
    setVisibility('private');
    setErrors({});
  };

  const addEvidence = (text: string): void => {
    const current = input.evidence.trim();
    setInput({ ...input, evidence: current ? `${current}\n${text}` : text });
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label="Add a reframe" noValidate>
      <h3>Reframe a thought</h3>
      <TextField
        label="The automatic thought"
        hint="As it sounds in your head, e.g. “I’m always the one who tries.”"
        multiline
        rows={2}
        value={input.thought}
        onInput={set('thought')}
        error={errors.thought}
        draftKey="reframes/add/thought"
      />
      <TextField
        label="Evidence from recent supportive moments"
        multiline
        rows={3}
        value={input.evidence}
        onInput={set('evidence')}
        error={errors.evidence}
        draftKey="reframes/add/evidence"
      />
      {suggestions.length > 0 && (
        <div class="evidence-suggestions" role="group" aria-label="Recent supportive moments">
          <span class="sans">From your workbook lately:</span>
          <ul>
            {suggestions.map((text, i) => (
              <li key={i}>
                {text}
                <button type="button" class="button-quiet" onClick={() => addEvidence(text)} aria-label={`Use as evidence: ${text}`}>
                  Use
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <TextField label="The reframe" hint="Words that fit the evidence." multiline rows={2} value={input.reframe} onInput={set('reframe')} error={errors.reframe} draftKey="reframes/add/reframe" />
      <fieldset class="fieldset visibility-choice" aria-describedby={`${id}-hint`}>
        <legend>Who sees this?</legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name={`${id}-vis`} value="private" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            <span>Only me</span>
          </label>
          <label class="choice">
            <input type="radio" name={`${id}-vis`} value="shared" checked={visibility === 'shared'} onChange={() => setVisibility('shared')} />
            <span>{capitalise(partnerLabel)} and me</span>
          </label>
        </div>
        <p class="hint" id={`${id}-hint`}>
          {visibility === 'private'
            ? `Kept in your private space: only your own devices can read it. You can share it with ${partnerLabel} later.`
            : `${capitalise(partnerLabel)} will see this reframe as soon as you add it. Only you can change or remove it.`}
        </p>
      </fieldset>
      <FieldError id={`${id}-error`} message={errors.form} />
      <button type="submit" class="button-primary">
        Add reframe
      </button>
    </OnceForm>
  );
}

interface PrivateProps {
  priv: PrivateWorkbookState;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
}

/** My private reframes: only my devices read them; each can be shared deliberately. */
function PrivateReframes({ priv, workbook, me, partnerLabel }: PrivateProps) {
  if (priv.kind !== 'ready') {
    return priv.kind === 'opening' ? (
      <p class="empty">Opening your private space…</p>
    ) : (
      <p class="form-error" role="alert">
        Your private space could not be opened on this device: {priv.message}
      </p>
    );
  }
  const drafts = priv.workbook.reframeDrafts.list().slice().reverse();
  if (drafts.length === 0) return null;
  return (
    <section class="card private-area" aria-labelledby="private-reframes-heading">
      <div class="card-head">
        <h3 id="private-reframes-heading">My private reframes</h3>
        <span class="private-badge">Only you can see these</span>
      </div>
      <p class="hint">
        Kept in your private space, encrypted with a key only your own devices hold. {capitalise(partnerLabel)} cannot
        see them, and neither can the relay.
      </p>
      <ul class="card-list" aria-label="My private reframes">
        {drafts.map((draft) => (
          <PrivateReframeCard key={draft.id} draft={draft} priv={priv.workbook} workbook={workbook} me={me} partnerLabel={partnerLabel} />
        ))}
      </ul>
    </section>
  );
}

interface PrivateCardProps {
  draft: ReframeDraft;
  priv: PrivateWorkbook;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
}

function PrivateReframeCard({ draft, priv, workbook, me, partnerLabel }: PrivateCardProps) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();

  const share = (): void => {
    // Already shared (a second click before the card changed): nothing more to do.
    if (priv.reframeDrafts.get(draft.id)?.shared) return;
    const refused = attemptWrite(() => shareReframeDraft(priv, workbook, draft.id, me));
    setError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setAsking(false);
  };

  const remove = (): void => {
    const refused = attemptWrite(() => priv.reframeDrafts.remove(draft.id));
    setError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <li class="card reframe-card draft-card" aria-label={`Reframe: ${draft.thought}`}>
      <ReframeFlow thought={draft.thought} evidence={draft.evidence} reframe={draft.reframe} />
      {draft.shared ? (
        <p class="hint">
          Shared with {partnerLabel} on{' '}
          {new Date(draft.shared.sharedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}. This private
          copy stays here.
        </p>
      ) : asking ? (
        <div class="share-explainer" role="group" aria-labelledby={`${id}-q`}>
          <p id={`${id}-q`}>
            <strong>Share this with {partnerLabel}?</strong>
          </p>
          <p>
            A copy goes into the workbook you share: {partnerLabel} will see the thought, the evidence
            and the reframe. Only you can change or remove it there. This private copy stays here too.
          </p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={share}>
              Share it
            </button>
            <button type="button" class="button-quiet" onClick={() => setAsking(false)}>
              Not yet
            </button>
          </div>
        </div>
      ) : (
        <div class="card-actions">
          <button type="button" class="button-primary" onClick={() => setAsking(true)} aria-label={`Share with ${partnerLabel}: ${draft.thought}`}>
            Share with {partnerLabel}
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete private reframe: ${draft.thought}`}
            question="Delete this private reframe?"
            confirmLabel="Yes, delete"
            onConfirm={remove}
          />
        </div>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </li>
  );
}

function ReframeFlow({ thought, evidence, reframe }: { thought: string; evidence: string; reframe: string }) {
  return (
    <ol class="flow">
      <li>
        <span class="flow-label">The thought</span>
        <p class="flow-text" dir="auto">{thought}</p>
      </li>
      <li>
        <span class="flow-label">The evidence</span>
        <p class="flow-text" dir="auto">{evidence || <span class="not-yet">Not written yet</span>}</p>
      </li>
      <li>
        <span class="flow-label">The reframe</span>
        <p class="flow-text" dir="auto">{reframe || <span class="not-yet">Not written yet</span>}</p>
      </li>
    </ol>
  );
}

function ReframeCard({ item, workbook, me }: { item: ReframeItem; workbook: Workbook; me: PartnerId }) {
  const refusal = useRefusal();
  const author = authorName(workbook, me, item.by);
  return (
    <li class="card reframe-card" aria-label={`Reframe: ${item.thought}`}>
      <p class="byline">Written by {author}</p>
      <ReframeFlow thought={item.thought} evidence={item.evidence} reframe={item.reframe} />
      <div class="card-actions">
        {/* The partner's own words: the press reaches the model, whose refusal is said in words. */}
        <RemoveAction
          allowed={sectionDecision('reframes', 'remove', me, item.by).allowed}
          ariaLabel={`Remove reframe: ${item.thought}`}
          question="Remove this reframe for both of you?"
          remove={() => workbook.reframes.remove(item.id, me)}
          refusal={refusal}
          owner={author}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
