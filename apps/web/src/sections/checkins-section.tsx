/**
 * Check-ins: a dated moment where each partner rates safety, closeness and stress from 1 to 5
 * and writes an appreciation and a need, with trends drawn over time. A check-in can use a
 * simultaneous reveal: each partner seals their answers first (a salted commitment in the shared
 * workbook, the answers themselves held in their private space), and only when both have sealed
 * can each reveal, so neither answer can be shaped by having seen the other's.
 *
 *   <CheckinsSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  checkInAnswerBytes,
  revealPhase,
  validCheckInAnswers,
  type CheckIn,
  type CheckInAnswers,
  type PartnerId,
  type Rating,
  type RevealMode,
  type VisibleCheckInEntry,
  type Workbook,
} from '@securebase/model';
import { toBase64Url } from '@securebase/protocol';
import { commitToAnswers, verifyAnswerCommitment } from '@securebase/crypto';
import { ConfirmButton } from '../components/confirm-button.js';
import { FieldError } from '../components/field-error.js';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { useDraft, useKeptOpen } from '../components/use-draft.js';
import { TrendChart, type TrendSeries } from '../components/trend-chart.js';
import { CheckinTopicsList } from '../home/checkin-topics.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { capitalise, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { usePrivateWorkbook, type PrivateWorkbookState } from './use-private-workbook.js';
import { Refusal, useRefusal } from './change-notes.js';
import './sections.css';

const RATINGS = [
  { name: 'safety', label: 'Safety', scale: ['not safe', 'very safe'] },
  { name: 'closeness', label: 'Closeness', scale: ['distant', 'very close'] },
  { name: 'stress', label: 'Stress', scale: ['calm', 'very stressed'] },
] as const;
type RatingName = (typeof RATINGS)[number]['name'];

/** The check-ins screen: trends, a "start a check-in" form and every check-in, newest first. */
export function CheckinsSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const checkins = workbook.checkins.list().slice().reverse();
  const name = partnerName(workbook, me);
  return (
    <section class="section" aria-labelledby="checkins-heading">
      <h2 id="checkins-heading">Check-ins</h2>
      <p class="section-intro">
        A regular, gentle look at how you are both doing. Rate how safe, close and stressed you feel,
        and name one thing you appreciate and one thing you need.
      </p>
      <Trends workbook={workbook} me={me} partnerLabel={name} />
      <StartForm workbook={workbook} me={me} />
      <CheckinTopicsList workbook={workbook} />
      {checkins.length === 0 ? (
        <p class="empty">No check-ins yet.</p>
      ) : (
        <ul class="card-list" aria-label="Our check-ins">
          {checkins.map((c) => (
            <CheckInCard key={c.id} checkin={c} workbook={workbook} me={me} priv={priv} partnerLabel={name} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Trends({ workbook, me, partnerLabel }: { workbook: Workbook; me: PartnerId; partnerLabel: string }) {
  const points = workbook.checkins.trend({ viewer: me, verify: verifyAnswerCommitment });
  if (points.length === 0) return null;
  const series = (rating: RatingName): TrendSeries[] => {
    const mine = points.filter((p) => p.partnerId === me);
    const theirs = points.filter((p) => p.partnerId !== me);
    const out: TrendSeries[] = [{ name: 'You', variant: 'mine', points: mine.map((p) => ({ date: p.date, value: p[rating] })) }];
    if (theirs.length > 0) {
      out.push({ name: capitalise(partnerLabel), variant: 'theirs', points: theirs.map((p) => ({ date: p.date, value: p[rating] })) });
    }
    return out;
  };
  return (
    <section aria-labelledby="trends-heading">
      <h3 id="trends-heading">Over time</h3>
      <div class="trends">
        {RATINGS.map((r) => (
          <TrendChart key={r.name} title={r.label} series={series(r.name)} scale={[r.scale[0], r.scale[1]]} />
        ))}
      </div>
    </section>
  );
}

/** Today as YYYY-MM-DD in local time (what a person means by "today"). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function StartForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [date, setDate] = useState(today);
  const [reveal, setReveal] = useState<RevealMode>('simultaneous');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => workbook.checkins.create({ date, reveal }, me));
    setErrors(refused ?? {});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label="Start a check-in" noValidate>
      <h3>Start a check-in</h3>
      <TextField label="Date" type="date" value={date} onInput={setDate} error={errors.date} />
      <fieldset class="fieldset">
        <legend>How answers are shown</legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name={`${id}-reveal`} checked={reveal === 'simultaneous'} onChange={() => setReveal('simultaneous')} />
            <span>Reveal together</span>
          </label>
          <label class="choice">
            <input type="radio" name={`${id}-reveal`} checked={reveal === 'open'} onChange={() => setReveal('open')} />
            <span>Show as we go</span>
          </label>
        </div>
        <p class="hint">
          {reveal === 'simultaneous'
            ? 'You each seal your answers first. Only when you have both sealed can you reveal them, so neither of you sees the other’s first.'
            : 'Each of you sees the other’s answers as soon as they are saved.'}
        </p>
      </fieldset>
      <button type="submit" class="button-primary">
        Start check-in
      </button>
    </OnceForm>
  );
}

interface CardProps {
  checkin: CheckIn;
  workbook: Workbook;
  me: PartnerId;
  priv: PrivateWorkbookState;
  partnerLabel: string;
}

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

function CheckInCard({ checkin, workbook, me, priv, partnerLabel }: CardProps) {
  const entries = workbook.checkins.visibleEntries(checkin, me, verifyAnswerCommitment);
  const mine = entries.find((e) => e.partnerId === me);
  const theirs = entries.find((e) => e.partnerId !== me);
  const refusal = useRefusal();
  const touchedByPartner = [...Object.keys(checkin.entries), ...Object.keys(checkin.commitments), ...Object.keys(checkin.revealed)].some(
    (p) => p !== me,
  );
  const title = `Check-in, ${longDate(checkin.date)}`;
  return (
    <li class="card checkin-card" aria-label={title}>
      <div class="card-head">
        <h4 class="term">{longDate(checkin.date)}</h4>
        <span class="tag tag-signal">{checkin.reveal === 'simultaneous' ? 'Reveal together' : 'Shown as we go'}</span>
      </div>
      {checkin.reveal === 'simultaneous' ? (
        <SimultaneousFlow checkin={checkin} workbook={workbook} me={me} priv={priv} partnerLabel={partnerLabel} mine={mine} theirs={theirs} />
      ) : (
        <OpenFlow checkin={checkin} workbook={workbook} me={me} partnerLabel={partnerLabel} mine={mine} theirs={theirs} />
      )}
      {checkin.createdBy === me && !touchedByPartner && (
        <div class="card-actions">
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove ${title}`}
            question="Remove this check-in?"
            onConfirm={() => refusal.run(() => workbook.checkins.remove(checkin.id, me))}
          />
        </div>
      )}
      <Refusal message={refusal.message} />
    </li>
  );
}

interface FlowProps {
  checkin: CheckIn;
  workbook: Workbook;
  me: PartnerId;
  partnerLabel: string;
  mine: VisibleCheckInEntry | undefined;
  theirs: VisibleCheckInEntry | undefined;
}

function OpenFlow({ checkin, workbook, me, partnerLabel, mine, theirs }: FlowProps) {
  const [editing, setEditing] = useState(false);
  useKeptOpen(`checkins/${checkin.id}/editing`, editing, setEditing);
  const showForm = editing || !mine?.answers;
  return (
    <div class="side-by-side">
      <div class="partner-column is-mine">
        <p class="partner-label">My answers</p>
        {showForm ? (
          <AnswersForm
            initial={mine?.answers ?? undefined}
            submitLabel="Save my answers"
            draftKey={`checkins/${checkin.id}/answers`}
            onSubmit={(answers) => {
              const refused = attemptWrite(() => workbook.checkins.setEntry(checkin.id, me, answers));
              if (!refused) setEditing(false);
              return refused;
            }}
          />
        ) : (
          <>
            <Answers answers={mine!.answers!} />
            <button type="button" class="button-quiet" onClick={() => setEditing(true)}>
              Change my answers
            </button>
          </>
        )}
      </div>
      <PartnerAnswers entry={theirs} partnerLabel={partnerLabel} waiting="Not answered yet." />
    </div>
  );
}

function SimultaneousFlow({ checkin, workbook, me, partnerLabel, mine, theirs, priv }: FlowProps & { priv: PrivateWorkbookState }) {
  const [error, setError] = useState<string>();
  const phase = revealPhase(checkin, me);
  // Saying that the partner has revealed tells nothing of their answers, and invites the reveal.
  const partnerRevealed = Object.keys(checkin.revealed).some((p) => p !== me);
  const name = capitalise(partnerLabel);
  const held = priv.kind === 'ready' ? priv.workbook.heldCheckIns.get(checkin.id) : undefined;

  const seal = (answers: CheckInAnswers): FieldErrors | undefined => {
    if (priv.kind !== 'ready') return { form: 'Your private space is not open yet, so your answers have nowhere safe to wait. Try again in a moment.' };
    return attemptWrite(() => {
      const valid = validCheckInAnswers(answers);
      const { commitment, salt } = commitToAnswers(checkInAnswerBytes(valid));
      // Keep the answers privately first: a commitment without them could never be revealed.
      priv.workbook.heldCheckIns.hold(checkin.id, valid, toBase64Url(salt));
      workbook.checkins.commit(checkin.id, me, toBase64Url(commitment));
    });
  };

  const reveal = (): void => {
    if (!held) {
      setError('Your sealed answers are kept in your private space, which has not reached this device yet. Try again in a moment, or reveal from the device you sealed them on.');
      return;
    }
    const refused = attemptWrite(() => workbook.checkins.reveal(checkin.id, me, held.answers, held.salt, verifyAnswerCommitment));
    setError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <>
      <p class="reveal-steps" role="status">
        {phase === 'commit' && `Answer on your own, then seal. ${name} will not see your answers until you have both sealed and revealed.`}
        {phase === 'waiting-for-partner' && `Your answers are sealed. Waiting for ${partnerLabel} to seal theirs.`}
        {phase === 'reveal' &&
          (partnerRevealed
            ? `You have both sealed your answers, and ${partnerLabel} has revealed theirs. Reveal yours to see each other’s.`
            : 'You have both sealed your answers. Reveal yours when you are ready.')}
        {phase === 'waiting-for-reveal' && `Your answers are revealed. You will see ${partnerLabel}’s, and they yours, once they reveal too.`}
        {phase === 'revealed' && 'You both revealed your answers.'}
      </p>
      <div class="side-by-side">
        <div class="partner-column is-mine">
          <p class="partner-label">My answers</p>
          {phase === 'commit' ? (
            <AnswersForm submitLabel="Seal my answers" onSubmit={seal} draftKey={`checkins/${checkin.id}/sealed`} />
          ) : mine?.answers ? (
            <Answers answers={mine.answers} />
          ) : held ? (
            <>
              <p class="hint">Sealed. Only you can see them here:</p>
              <Answers answers={held.answers} />
            </>
          ) : (
            <p class="not-yet">Sealed on another of your devices.</p>
          )}
          {phase === 'reveal' && (
            <button type="button" class="button-primary" onClick={reveal}>
              Reveal my answers
            </button>
          )}
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <PartnerAnswers
          entry={theirs}
          partnerLabel={partnerLabel}
          waiting={theirs ? 'Sealed. Shown once you have both revealed.' : 'Not sealed yet.'}
        />
      </div>
    </>
  );
}

function PartnerAnswers({ entry, partnerLabel, waiting }: { entry: VisibleCheckInEntry | undefined; partnerLabel: string; waiting: string }) {
  return (
    <div class="partner-column" role="group" aria-label={`${capitalise(partnerLabel)}’s answers`}>
      <p class="partner-label">{capitalise(partnerLabel)}&rsquo;s answers</p>
      {entry?.state === 'visible' && entry.answers ? (
        <Answers answers={entry.answers} />
      ) : entry?.state === 'invalid' ? (
        <p class="form-error">These answers do not match what was sealed, so they are not shown.</p>
      ) : (
        <p class="not-yet">{waiting}</p>
      )}
    </div>
  );
}

function Answers({ answers }: { answers: CheckInAnswers }) {
  return (
    <>
      <ul class="ratings">
        {RATINGS.map((r) => (
          <li key={r.name}>
            {r.label}: <strong>{answers[r.name]}</strong>/5
          </li>
        ))}
      </ul>
      {answers.appreciation && (
        <p class="note-text">
          <span class="flow-label">I appreciate</span>
          {answers.appreciation}
        </p>
      )}
      {answers.need && (
        <p class="note-text">
          <span class="flow-label">I need</span>
          {answers.need}
        </p>
      )}
    </>
  );
}

interface AnswersFormProps {
  initial?: CheckInAnswers | undefined;
  submitLabel: string;
  onSubmit: (answers: CheckInAnswers) => FieldErrors | undefined;
  /** Where unsent answers are kept (use-draft.ts): one key per check-in and form. */
  draftKey: string;
}

type Ratings = Partial<Record<RatingName, Rating>>;

/** Ratings as one draft string ("safety=3,stress=2"), and back; anything else reads as none. */
function ratingsText(ratings: Ratings): string {
  return RATINGS.flatMap((r) => (ratings[r.name] ? [`${r.name}=${ratings[r.name]}`] : [])).join(',');
}

function parseRatings(text: string): Ratings {
  const out: Ratings = {};
  for (const pair of text.split(',')) {
    const [name, value] = pair.split('=');
    const rating = RATINGS.find((r) => r.name === name);
    const n = Number(value);
    if (rating && Number.isInteger(n) && n >= 1 && n <= 5) out[rating.name] = n as Rating;
  }
  return out;
}

/**
 * The ratings chosen but not yet sent, kept like the words (after a reload, quick-hide): inside
 * the form, so sending it forgets them with the rest.
 */
function RatingsDraft({ draftKey, ratings, setRatings, saved }: { draftKey: string; ratings: Ratings; setRatings: (r: Ratings) => void; saved: Ratings }) {
  useDraft(draftKey, ratingsText(ratings), (text) => setRatings(parseRatings(text)), ratingsText(saved));
  return null;
}

function AnswersForm({ initial, submitLabel, onSubmit, draftKey }: AnswersFormProps) {
  const start: Ratings = initial ? { safety: initial.safety, closeness: initial.closeness, stress: initial.stress } : {};
  const [ratings, setRatings] = useState<Ratings>(start);
  const [appreciation, setAppreciation] = useState(initial?.appreciation ?? '');
  const [need, setNeed] = useState(initial?.need ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    // An unanswered rating goes to the model as 0, which it refuses next to that rating.
    const refused = onSubmit({
      safety: ratings.safety ?? (0 as Rating),
      closeness: ratings.closeness ?? (0 as Rating),
      stress: ratings.stress ?? (0 as Rating),
      appreciation,
      need,
    });
    setErrors(refused ?? {});
  };

  return (
    <OnceForm class="answers-form" onSubmit={submit} aria-label={submitLabel} noValidate>
      <RatingsDraft draftKey={`${draftKey}/ratings`} ratings={ratings} setRatings={setRatings} saved={start} />
      {RATINGS.map((r) => (
        <fieldset key={r.name} class="fieldset rating-group" aria-describedby={`${id}-${r.name}-scale`}>
          <legend>{r.label}</legend>
          <div class="choice-row">
            {([1, 2, 3, 4, 5] as const).map((v) => (
              <label key={v} class="choice">
                <input
                  type="radio"
                  name={`${id}-${r.name}`}
                  value={v}
                  checked={ratings[r.name] === v}
                  onChange={() => setRatings({ ...ratings, [r.name]: v })}
                />
                <span>{v}</span>
              </label>
            ))}
          </div>
          <p class="scale-words" id={`${id}-${r.name}-scale`}>
            1 = {r.scale[0]}, 5 = {r.scale[1]}
          </p>
          <FieldError id={`${id}-${r.name}-error`} message={errors[r.name]} />
        </fieldset>
      ))}
      <TextField
        label="One thing I appreciate"
        multiline
        rows={2}
        value={appreciation}
        onInput={setAppreciation}
        error={errors.appreciation}
        draftKey={`${draftKey}/appreciation`}
      />
      <TextField label="One thing I need" multiline rows={2} value={need} onInput={setNeed} error={errors.need} draftKey={`${draftKey}/need`} />
      <button type="submit" class="button-primary">
        {submitLabel}
      </button>
      <FieldError id={`${id}-form-error`} message={errors.form} />
    </OnceForm>
  );
}
