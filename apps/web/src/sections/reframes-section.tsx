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
import { authorName, partnerName } from './partners.js';
import { WithName, slots, useI18n } from '../i18n.js';
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
  const { t } = useI18n();
  const priv = usePrivateWorkbook(credentials, store);
  const items = workbook.reframes.list().slice().reverse();
  const name = partnerName(workbook, me, t);
  return (
    <section class="section" aria-labelledby="reframes-heading">
      <h2 id="reframes-heading">{t('reframes.heading')}</h2>
      <p class="section-intro">
        <WithName text={t('reframes.intro', slots('partner'))} name={name} />
      </p>
      <AddReframeForm workbook={workbook} me={me} priv={priv} partnerLabel={name} />
      <PrivateReframes priv={priv} workbook={workbook} me={me} partnerLabel={name} />
      <h3 class="list-heading">{t('reframes.shared.heading')}</h3>
      {items.length === 0 ? (
        <p class="empty">{t('reframes.shared.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('reframes.shared.list')}>
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
  const { t } = useI18n();
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
            ? t('reframes.form.stillOpening')
            : t('reframes.form.unavailable', { reason: priv.message }),
      });
      return;
    }
    const refused = attemptWrite(() =>
      visibility === 'private' && priv.kind === 'ready' ? priv.workbook.reframeDrafts.add(input) : workbook.reframes.add(input, me),
      t,
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
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('reframes.form.label')} noValidate>
      <h3>{t('reframes.form.heading')}</h3>
      <TextField
        label={t('reframes.form.thought')}
        hint={t('reframes.form.thoughtHint')}
        multiline
        rows={2}
        value={input.thought}
        onInput={set('thought')}
        error={errors.thought}
        draftKey="reframes/add/thought"
      />
      <TextField
        label={t('reframes.form.evidence')}
        multiline
        rows={3}
        value={input.evidence}
        onInput={set('evidence')}
        error={errors.evidence}
        draftKey="reframes/add/evidence"
      />
      {suggestions.length > 0 && (
        <div class="evidence-suggestions" role="group" aria-label={t('reframes.form.suggestions')}>
          <span class="sans">{t('reframes.form.fromWorkbook')}</span>
          <ul>
            {suggestions.map((text, i) => (
              <li key={i}>
                {text}
                <button type="button" class="button-quiet" onClick={() => addEvidence(text)} aria-label={t('reframes.form.useLabel', { text })}>
                  {t('reframes.form.use')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <TextField label={t('reframes.form.reframe')} hint={t('reframes.form.reframeHint')} multiline rows={2} value={input.reframe} onInput={set('reframe')} error={errors.reframe} draftKey="reframes/add/reframe" />
      <fieldset class="fieldset visibility-choice" aria-describedby={`${id}-hint`}>
        <legend>{t('reframes.form.who')}</legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name={`${id}-vis`} value="private" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            <span>{t('reframes.form.onlyMe')}</span>
          </label>
          <label class="choice">
            <input type="radio" name={`${id}-vis`} value="shared" checked={visibility === 'shared'} onChange={() => setVisibility('shared')} />
            <span>
              <WithName text={t('reframes.form.withPartner', slots('partner'))} name={partnerLabel} />
            </span>
          </label>
        </div>
        <p class="hint" id={`${id}-hint`}>
          <WithName text={visibility === 'private' ? t('reframes.form.privateHint', slots('partner')) : t('reframes.form.sharedHint', slots('partner'))} name={partnerLabel} />
        </p>
      </fieldset>
      <FieldError id={`${id}-error`} message={errors.form} />
      <button type="submit" class="button-primary">
        {t('reframes.form.submit')}
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
  const { t } = useI18n();
  if (priv.kind !== 'ready') {
    return priv.kind === 'opening' ? (
      <p class="empty">{t('reframes.private.opening')}</p>
    ) : (
      <p class="form-error" role="alert">
        {t('reframes.private.unavailable', { reason: priv.message })}
      </p>
    );
  }
  const drafts = priv.workbook.reframeDrafts.list().slice().reverse();
  if (drafts.length === 0) return null;
  return (
    <section class="card private-area" aria-labelledby="private-reframes-heading">
      <div class="card-head">
        <h3 id="private-reframes-heading">{t('reframes.private.heading')}</h3>
        <span class="private-badge">{t('reframes.private.badge')}</span>
      </div>
      <p class="hint">
        <WithName text={t('reframes.private.hint', slots('partner'))} name={partnerLabel} />
      </p>
      <ul class="card-list" aria-label={t('reframes.private.heading')}>
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
  const { t, language } = useI18n();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const id = useId();

  const share = (): void => {
    // Already shared (a second click before the card changed): nothing more to do.
    if (priv.reframeDrafts.get(draft.id)?.shared) return;
    const refused = attemptWrite(() => shareReframeDraft(priv, workbook, draft.id, me), t);
    setError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setAsking(false);
  };

  const remove = (): void => {
    const refused = attemptWrite(() => priv.reframeDrafts.remove(draft.id), t);
    setError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <li class="card reframe-card draft-card" aria-label={t('reframes.card', { thought: draft.thought })}>
      <ReframeFlow thought={draft.thought} evidence={draft.evidence} reframe={draft.reframe} />
      {draft.shared ? (
        <p class="hint">
          <WithName
            text={t('reframes.private.sharedOn', {
              ...slots('partner'),
              date: new Date(draft.shared.sharedAt).toLocaleDateString(language, { day: 'numeric', month: 'short' }),
            })}
            name={partnerLabel}
          />
        </p>
      ) : asking ? (
        <div class="share-explainer" role="group" aria-labelledby={`${id}-q`}>
          <p id={`${id}-q`}>
            <strong>
              <WithName text={t('reframes.private.askQuestion', slots('partner'))} name={partnerLabel} />
            </strong>
          </p>
          <p>
            <WithName text={t('reframes.private.askExplain', slots('partner'))} name={partnerLabel} />
          </p>
          <div class="card-actions">
            <button type="button" class="button-primary" onClick={share}>
              {t('reframes.private.shareIt')}
            </button>
            <button type="button" class="button-quiet" onClick={() => setAsking(false)}>
              {t('reframes.private.notYet')}
            </button>
          </div>
        </div>
      ) : (
        <div class="card-actions">
          <button type="button" class="button-primary" onClick={() => setAsking(true)} aria-label={t('reframes.private.shareLabel', { partner: partnerLabel, thought: draft.thought })}>
            <WithName text={t('reframes.private.share', slots('partner'))} name={partnerLabel} />
          </button>
          <ConfirmButton
            label={t('reframes.private.delete')}
            ariaLabel={t('reframes.private.deleteLabel', { thought: draft.thought })}
            question={t('reframes.private.deleteQuestion')}
            confirmLabel={t('reframes.private.yesDelete')}
            onConfirm={remove}
          />
        </div>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </li>
  );
}

function ReframeFlow({ thought, evidence, reframe }: { thought: string; evidence: string; reframe: string }) {
  const { t } = useI18n();
  return (
    <ol class="flow">
      <li>
        <span class="flow-label">{t('reframes.flow.thought')}</span>
        <p class="flow-text" dir="auto">{thought}</p>
      </li>
      <li>
        <span class="flow-label">{t('reframes.flow.evidence')}</span>
        <p class="flow-text" dir="auto">{evidence || <span class="not-yet">{t('reframes.flow.notYet')}</span>}</p>
      </li>
      <li>
        <span class="flow-label">{t('reframes.flow.reframe')}</span>
        <p class="flow-text" dir="auto">{reframe || <span class="not-yet">{t('reframes.flow.notYet')}</span>}</p>
      </li>
    </ol>
  );
}

function ReframeCard({ item, workbook, me }: { item: ReframeItem; workbook: Workbook; me: PartnerId }) {
  const { t } = useI18n();
  const refusal = useRefusal();
  const author = authorName(workbook, me, item.by, t);
  return (
    <li class="card reframe-card" aria-label={t('reframes.card', { thought: item.thought })}>
      <p class="byline">
        <WithName text={t('changes.writtenBy', { ...slots('partner'), mine: item.by === me ? 'yes' : 'no' })} name={author} />
      </p>
      <ReframeFlow thought={item.thought} evidence={item.evidence} reframe={item.reframe} />
      <div class="card-actions">
        {/* The partner's own words: the press reaches the model, whose refusal is said in words. */}
        <RemoveAction
          allowed={sectionDecision('reframes', 'remove', me, item.by).allowed}
          ariaLabel={t('reframes.remove.label', { thought: item.thought })}
          question={t('reframes.remove.question')}
          remove={() => workbook.reframes.remove(item.id, me)}
          refusal={refusal}
          owner={author}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
