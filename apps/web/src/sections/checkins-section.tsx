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
import { sentence, slots, useI18n, WithName, Words, type MessageKey } from '../i18n.js';
import { usePrivateWorkbook, type PrivateWorkbookState } from './use-private-workbook.js';
import { Refusal, useRefusal } from './change-notes.js';
import './sections.css';

type RatingName = 'safety' | 'closeness' | 'stress';
const RATINGS: readonly { name: RatingName; label: MessageKey; scale: readonly [MessageKey, MessageKey] }[] = [
  { name: 'safety', label: 'checkins.rating.safety', scale: ['checkins.rating.safety.low', 'checkins.rating.safety.high'] },
  { name: 'closeness', label: 'checkins.rating.closeness', scale: ['checkins.rating.closeness.low', 'checkins.rating.closeness.high'] },
  { name: 'stress', label: 'checkins.rating.stress', scale: ['checkins.rating.stress.low', 'checkins.rating.stress.high'] },
];

/** The check-ins screen: trends, a "start a check-in" form and every check-in, newest first. */
export function CheckinsSection({ workbook, me, credentials, store }: SectionProps) {
  const priv = usePrivateWorkbook(credentials, store);
  const checkins = workbook.checkins.list().slice().reverse();
  const { t } = useI18n();
  const name = partnerName(workbook, me, t);
  return (
    <section class="section" aria-labelledby="checkins-heading">
      <h2 id="checkins-heading">{t('labels.section.checkins')}</h2>
      <p class="section-intro">{t('checkins.intro')}</p>
      <Trends workbook={workbook} me={me} partnerLabel={name} />
      <StartForm workbook={workbook} me={me} />
      <CheckinTopicsList workbook={workbook} />
      {checkins.length === 0 ? (
        <p class="empty">{t('checkins.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('checkins.list')}>
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
  const { t } = useI18n();
  if (points.length === 0) return null;
  const series = (rating: RatingName): TrendSeries[] => {
    const mine = points.filter((p) => p.partnerId === me);
    const theirs = points.filter((p) => p.partnerId !== me);
    const out: TrendSeries[] = [{ name: t('checkins.trend.you'), variant: 'mine', points: mine.map((p) => ({ date: p.date, value: p[rating] })) }];
    if (theirs.length > 0) {
      out.push({ name: capitalise(partnerLabel), variant: 'theirs', points: theirs.map((p) => ({ date: p.date, value: p[rating] })) });
    }
    return out;
  };
  return (
    <section aria-labelledby="trends-heading">
      <h3 id="trends-heading">{t('checkins.trend.heading')}</h3>
      <div class="trends">
        {RATINGS.map((r) => (
          <TrendChart key={r.name} title={t(r.label)} series={series(r.name)} scale={[t(r.scale[0]), t(r.scale[1])]} />
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
  const { t } = useI18n();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => workbook.checkins.create({ date, reveal }, me), t);
    setErrors(refused ?? {});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('checkins.start.heading')} noValidate>
      <h3>{t('checkins.start.heading')}</h3>
      <TextField label={t('checkins.start.date')} type="date" value={date} onInput={setDate} error={errors.date} />
      <fieldset class="fieldset">
        <legend>{t('checkins.start.reveal')}</legend>
        <div class="choice-row">
          <label class="choice">
            <input type="radio" name={`${id}-reveal`} checked={reveal === 'simultaneous'} onChange={() => setReveal('simultaneous')} />
            <span>{t('checkins.reveal.together')}</span>
          </label>
          <label class="choice">
            <input type="radio" name={`${id}-reveal`} checked={reveal === 'open'} onChange={() => setReveal('open')} />
            <span>{t('checkins.reveal.open')}</span>
          </label>
        </div>
        <p class="hint">{reveal === 'simultaneous' ? t('checkins.reveal.together.hint') : t('checkins.reveal.open.hint')}</p>
      </fieldset>
      <button type="submit" class="button-primary">
        {t('checkins.start.submit')}
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

function longDate(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Date(y, m - 1, d).toLocaleDateString(language, { weekday: 'long', day: 'numeric', month: 'long' });
}

function CheckInCard({ checkin, workbook, me, priv, partnerLabel }: CardProps) {
  const entries = workbook.checkins.visibleEntries(checkin, me, verifyAnswerCommitment);
  const mine = entries.find((e) => e.partnerId === me);
  const theirs = entries.find((e) => e.partnerId !== me);
  const refusal = useRefusal();
  const { t, language } = useI18n();
  const touchedByPartner = [...Object.keys(checkin.entries), ...Object.keys(checkin.commitments), ...Object.keys(checkin.revealed)].some(
    (p) => p !== me,
  );
  const title = t('checkins.card.label', { date: longDate(checkin.date, language) });
  return (
    <li class="card checkin-card" aria-label={title}>
      <div class="card-head">
        <h4 class="term">{longDate(checkin.date, language)}</h4>
        <span class="tag tag-signal">{checkin.reveal === 'simultaneous' ? t('checkins.reveal.together') : t('checkins.reveal.shown')}</span>
      </div>
      {checkin.reveal === 'simultaneous' ? (
        <SimultaneousFlow checkin={checkin} workbook={workbook} me={me} priv={priv} partnerLabel={partnerLabel} mine={mine} theirs={theirs} />
      ) : (
        <OpenFlow checkin={checkin} workbook={workbook} me={me} partnerLabel={partnerLabel} mine={mine} theirs={theirs} />
      )}
      {checkin.createdBy === me && !touchedByPartner && (
        <div class="card-actions">
          <ConfirmButton
            label={t('checkins.card.remove')}
            ariaLabel={t('checkins.card.remove.label', { title })}
            question={t('checkins.card.remove.question')}
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
  const { t } = useI18n();
  return (
    <div class="side-by-side">
      <div class="partner-column is-mine">
        <p class="partner-label">{t('checkins.mine')}</p>
        {showForm ? (
          <AnswersForm
            initial={mine?.answers ?? undefined}
            submitLabel={t('checkins.mine.save')}
            draftKey={`checkins/${checkin.id}/answers`}
            onSubmit={(answers) => {
              const refused = attemptWrite(() => workbook.checkins.setEntry(checkin.id, me, answers), t);
              if (!refused) setEditing(false);
              return refused;
            }}
          />
        ) : (
          <>
            <Answers answers={mine!.answers!} />
            <button type="button" class="button-quiet" onClick={() => setEditing(true)}>
              {t('checkins.mine.change')}
            </button>
          </>
        )}
      </div>
      <PartnerAnswers entry={theirs} partnerLabel={partnerLabel} waiting={t('checkins.theirs.notAnswered')} />
    </div>
  );
}

function SimultaneousFlow({ checkin, workbook, me, partnerLabel, mine, theirs, priv }: FlowProps & { priv: PrivateWorkbookState }) {
  const [error, setError] = useState<string>();
  const phase = revealPhase(checkin, me);
  // Saying that the partner has revealed tells nothing of their answers, and invites the reveal.
  const partnerRevealed = Object.keys(checkin.revealed).some((p) => p !== me);
  const { t } = useI18n();
  const held = priv.kind === 'ready' ? priv.workbook.heldCheckIns.get(checkin.id) : undefined;

  const seal = (answers: CheckInAnswers): FieldErrors | undefined => {
    if (priv.kind !== 'ready') return { form: t('checkins.seal.noPrivate') };
    return attemptWrite(() => {
      const valid = validCheckInAnswers(answers);
      const { commitment, salt } = commitToAnswers(checkInAnswerBytes(valid));
      // Keep the answers privately first: a commitment without them could never be revealed.
      priv.workbook.heldCheckIns.hold(checkin.id, valid, toBase64Url(salt));
      workbook.checkins.commit(checkin.id, me, toBase64Url(commitment));
    }, t);
  };

  const reveal = (): void => {
    if (!held) {
      setError(t('checkins.reveal.notHere'));
      return;
    }
    const refused = attemptWrite(() => workbook.checkins.reveal(checkin.id, me, held.answers, held.salt, verifyAnswerCommitment), t);
    setError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <>
      <p class="reveal-steps" role="status">
        {phase === 'commit' && (
          <>
            {t('checkins.phase.commit')} <WithName text={t('checkins.phase.commit.partner', slots('partner'))} name={partnerLabel} />
          </>
        )}
        {phase === 'waiting-for-partner' && <WithName text={t('checkins.phase.waitingForPartner', slots('partner'))} name={partnerLabel} />}
        {phase === 'reveal' &&
          (partnerRevealed ? (
            <WithName text={t('checkins.phase.reveal.partnerRevealed', slots('partner'))} name={partnerLabel} />
          ) : (
            t('checkins.phase.reveal')
          ))}
        {phase === 'waiting-for-reveal' && <WithName text={t('checkins.phase.waitingForReveal', slots('partner'))} name={partnerLabel} />}
        {phase === 'revealed' && t('checkins.phase.revealed')}
      </p>
      <div class="side-by-side">
        <div class="partner-column is-mine">
          <p class="partner-label">{t('checkins.mine')}</p>
          {phase === 'commit' ? (
            <AnswersForm submitLabel={t('checkins.mine.seal')} onSubmit={seal} draftKey={`checkins/${checkin.id}/sealed`} />
          ) : mine?.answers ? (
            <Answers answers={mine.answers} />
          ) : held ? (
            <>
              <p class="hint">{t('checkins.mine.sealedHere')}</p>
              <Answers answers={held.answers} />
            </>
          ) : (
            <p class="not-yet">{t('checkins.mine.sealedElsewhere')}</p>
          )}
          {phase === 'reveal' && (
            <button type="button" class="button-primary" onClick={reveal}>
              {t('checkins.mine.reveal')}
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
          waiting={theirs ? t('checkins.theirs.sealed') : t('checkins.theirs.notSealed')}
        />
      </div>
    </>
  );
}

function PartnerAnswers({ entry, partnerLabel, waiting }: { entry: VisibleCheckInEntry | undefined; partnerLabel: string; waiting: string }) {
  const { t } = useI18n();
  return (
    <div class="partner-column" role="group" aria-label={sentence(t('checkins.theirs', { partner: partnerLabel }))}>
      <p class="partner-label">
        <WithName text={t('checkins.theirs', slots('partner'))} name={partnerLabel} />
      </p>
      {entry?.state === 'visible' && entry.answers ? (
        <Answers answers={entry.answers} />
      ) : entry?.state === 'invalid' ? (
        <p class="form-error">{t('checkins.theirs.invalid')}</p>
      ) : (
        <p class="not-yet">{waiting}</p>
      )}
    </div>
  );
}

function Answers({ answers }: { answers: CheckInAnswers }) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language);
  return (
    <>
      <ul class="ratings">
        {RATINGS.map((r) => (
          <li key={r.name}>
            <Words
              text={t('checkins.answer.rating', { rating: t(r.label), ...slots('value') })}
              parts={{ value: <strong>{number.format(answers[r.name])}</strong> }}
            />
          </li>
        ))}
      </ul>
      {answers.appreciation && (
        <p class="note-text">
          <span class="flow-label">{t('checkins.answer.appreciate')}</span>
          {answers.appreciation}
        </p>
      )}
      {answers.need && (
        <p class="note-text">
          <span class="flow-label">{t('checkins.answer.need')}</span>
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
  const { t } = useI18n();

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
          <legend>{t(r.label)}</legend>
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
            {t('checkins.answer.scale', { low: t(r.scale[0]), high: t(r.scale[1]) })}
          </p>
          <FieldError id={`${id}-${r.name}-error`} message={errors[r.name]} />
        </fieldset>
      ))}
      <TextField
        label={t('checkins.answer.appreciate.label')}
        multiline
        rows={2}
        value={appreciation}
        onInput={setAppreciation}
        error={errors.appreciation}
        draftKey={`${draftKey}/appreciation`}
      />
      <TextField label={t('checkins.answer.need.label')} multiline rows={2} value={need} onInput={setNeed} error={errors.need} draftKey={`${draftKey}/need`} />
      <button type="submit" class="button-primary">
        {submitLabel}
      </button>
      <FieldError id={`${id}-form-error`} message={errors.form} />
    </OnceForm>
  );
}
