/**
 * Agreements: a de-escalation script, a repair ritual, a time-out protocol, secure-base scripts
 * and the check-in rhythm, each started from a template. Each partner's device signs the
 * agreement's canonical content to affirm it; any edit makes a new revision, and the screen says
 * plainly that the earlier affirmations no longer cover what it says until both re-affirm.
 *
 *   <AgreementsSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  AGREEMENT_KINDS,
  AGREEMENT_TEMPLATES,
  WEEKDAYS,
  REHEARSABLE_KINDS,
  agreementCanonicalBytes,
  changesSinceSigned,
  signatureStatus,
  type Agreement,
  type AgreementFieldTemplate,
  type AgreementFieldValue,
  type AgreementKind,
  type AgreementSignatureStatus,
  type PartnerId,
  type SignedFieldChange,
  type Workbook,
} from '@securebase/model';
import { toBase64Url } from '@securebase/protocol';
import { hashBytes, signAgreement } from '@securebase/crypto';
import type { Credentials } from '@securebase/sync';
import { ConfirmButton } from '../components/confirm-button.js';
import { requestRehearsal } from '../live/rehearse-request.js';
import { FieldError } from '../components/field-error.js';
import { OnceForm } from '../components/once-form.js';
import { useKeptOpen } from '../components/use-draft.js';
import { TextField } from '../components/text-field.js';
import { Disclosure, EditedNote, Refusal, RemovedList, WordsDiff, useRefusal } from './change-notes.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { partnerId as findPartnerId, partnerName } from './partners.js';
import type { SectionProps } from './registry.js';
import { CADENCE_LABELS, weekdayName } from './section-labels.js';
import { AGREEMENT_WORDS, agreementDefaults, fieldWords } from './agreement-words.js';
import { sentence, slots, useI18n, WithName, type Translate } from '../i18n.js';
import { useAgreementVerifier, type AgreementVerifierState } from './use-agreement-verifier.js';
import './sections.css';

/** The agreements screen: a template picker and every agreement with its affirmations. */
export function AgreementsSection({ workbook, me, credentials }: SectionProps) {
  const agreements = workbook.agreements.list();
  const deviceKeys = agreements.flatMap((a) => Object.values(a.signatures).map((s) => s.deviceKey));
  const verifier = useAgreementVerifier(credentials, deviceKeys);
  const { t } = useI18n();
  return (
    <section class="section" aria-labelledby="agreements-heading">
      <h2 id="agreements-heading">{t('labels.section.agreements')}</h2>
      <p class="section-intro">{t('agreements.intro')}</p>
      <NewAgreementForm workbook={workbook} me={me} />
      {verifier.devicesUnchecked && (
        <p class="hint" role="status">
          {t('agreements.offline')}
        </p>
      )}
      {agreements.length === 0 ? (
        <p class="empty">{t('agreements.empty')}</p>
      ) : (
        <ul class="card-list" aria-label={t('agreements.list')}>
          {agreements.map((a) => (
            <AgreementCard key={a.id} agreement={a} workbook={workbook} me={me} credentials={credentials} verifier={verifier} />
          ))}
        </ul>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun={t('agreements.noun')}
        removed={workbook.agreements.removed()}
        describe={(a) => a.title}
        onRestore={(id) => workbook.agreements.restore(id, me)}
      />
    </section>
  );
}

function NewAgreementForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [kind, setKind] = useState<AgreementKind>('time-out');
  const [error, setError] = useState<string>();
  const id = useId();
  const { t } = useI18n();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    // The starting words are stored as this person wrote them: in their own language.
    const refused = attemptWrite(() => workbook.agreements.add({ kind, ...agreementDefaults(kind, t) }, me), t);
    setError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('agreements.start.form')} noValidate>
      <h3>{t('agreements.start.heading')}</h3>
      <div class="field">
        <label for={`${id}-kind`}>{t('agreements.start.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as AgreementKind)} aria-describedby={`${id}-about`}>
          {AGREEMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(AGREEMENT_WORDS[k].label)}
            </option>
          ))}
        </select>
        <p class="hint template-about" id={`${id}-about`}>
          {t(AGREEMENT_WORDS[kind].description)} {t('agreements.start.suggested')}
        </p>
      </div>
      <button type="submit" class="button-primary">
        {t('agreements.start.submit')}
      </button>
      <FieldError id={`${id}-error`} message={error} />
    </OnceForm>
  );
}

interface CardProps {
  agreement: Agreement;
  workbook: Workbook;
  me: PartnerId;
  credentials: Credentials;
  verifier: AgreementVerifierState;
}

function AgreementCard({ agreement, workbook, me, credentials, verifier }: CardProps) {
  const [editing, setEditing] = useState(false);
  useKeptOpen(`agreements/${agreement.id}/editing`, editing, setEditing);
  const [signError, setSignError] = useState<string>();
  const { t, language } = useI18n();
  const template = AGREEMENT_TEMPLATES[agreement.kind];
  const partner = findPartnerId(workbook, me);
  const name = partnerName(workbook, me, t);
  const partners = partner ? [me, partner] : [me];
  const statuses = verifier.ready ? signatureStatus(agreement, verifier.verify, { partners, hash: hashBytes }) : undefined;
  const mine = statuses?.find((s) => s.partnerId === me);
  const theirs = statuses?.find((s) => s.partnerId !== me);
  const bothSigned = mine?.state === 'signed' && theirs?.state === 'signed';
  const anyVoid = statuses?.some((s) => s.state === 'void') ?? false;
  const refusal = useRefusal();
  const earlier = statuses ? earlierVersions(agreement, statuses, me, verifier) : [];
  const labels: Record<string, string> = { title: t('agreements.title') };
  for (const f of template.fields) labels[`fields.${f.name}`] = t(fieldWords(agreement.kind, f.name).label);

  const affirm = (): void => {
    // Sign exactly what is on the screen: the revision read here goes with the signature, and
    // the model refuses it as stale if the words changed in the meantime.
    const current = workbook.agreements.get(agreement.id);
    if (!current) return;
    const canonical = agreementCanonicalBytes(current);
    const refused = attemptWrite(() =>
      workbook.agreements.sign(current.id, me, {
        revision: current.revision,
        deviceKey: toBase64Url(credentials.device.signPublicKey),
        signature: toBase64Url(signAgreement(credentials.device, canonical)),
        contentHash: toBase64Url(hashBytes(canonical)),
      }),
      t,
    );
    setSignError(refused ? Object.values(refused)[0] : undefined);
  };

  return (
    <li class={`card agreement-card${bothSigned ? ' both-signed' : ''}`} aria-label={agreement.title}>
      <div class="card-head">
        <h3 class="term">{agreement.title}</h3>
        <span class="tag tag-signal">{t(AGREEMENT_WORDS[agreement.kind].label)}</span>
      </div>
      {!statuses ? (
        <p class="hint">{t('agreements.checking')}</p>
      ) : bothSigned ? (
        <p class="signed-banner" role="status">
          {t('agreements.bothSigned')}
        </p>
      ) : anyVoid ? (
        <p class="void-banner" role="status">
          {statuses.every((s) => s.state === 'void') && statuses.length > 1 ? (
            t('agreements.void.both')
          ) : mine?.state === 'void' ? (
            t('agreements.void.mine')
          ) : (
            <WithName text={t('agreements.void.partner', slots('partner'))} name={name} />
          )}
        </p>
      ) : null}
      {earlier.map((g) => (
        <EarlierVersion key={g.who} agreement={agreement} who={g.who} partner={name} changes={g.changes} />
      ))}
      <EditedNote
        workbook={workbook}
        me={me}
        history={workbook.agreements.history(agreement.id)}
        labels={labels}
        summaryOnly={earlier.length > 0}
        format={(key, value) => {
          const field = template.fields.find((f) => `fields.${f.name}` === key);
          return field && value !== undefined ? fieldText(field, value as AgreementFieldValue, t, language) : value;
        }}
      />
      {statuses && (
        <ul class="sig-status" aria-label={t('agreements.affirmations')}>
          {statuses.map((s) => (
            <li key={s.partnerId} class={`sig-${s.state}`}>
              <WithName text={describeStatus(s, s.partnerId === me ? 'me' : 'partner', t, language)} name={name} />
            </li>
          ))}
          {!partner && (
            <li class="sig-unsigned">
              <WithName text={t('agreements.status.unsigned', { who: 'partner', ...slots('partner') })} name={name} />
            </li>
          )}
        </ul>
      )}
      {editing ? (
        <EditAgreementForm agreement={agreement} workbook={workbook} me={me} onDone={() => setEditing(false)} />
      ) : (
        <>
          <AgreementFields agreement={agreement} />
          <div class="card-actions">
            {mine?.state !== 'signed' && (
              <button
                type="button"
                class="button-primary"
                onClick={affirm}
                disabled={!statuses}
                aria-label={
                  mine?.state === 'void'
                    ? t('agreements.reaffirm.label', { title: agreement.title })
                    : t('agreements.affirm.label', { title: agreement.title })
                }
              >
                {mine?.state === 'void' ? t('agreements.reaffirm') : t('agreements.affirm')}
              </button>
            )}
            <button type="button" class="button-quiet" onClick={() => setEditing(true)} aria-label={t('agreements.edit.label', { title: agreement.title })}>
              {t('agreements.edit')}
            </button>
            {REHEARSABLE_KINDS.includes(agreement.kind) && (
              <>
                <button
                  type="button"
                  class="button-quiet"
                  onClick={() => requestRehearsal({ scriptId: agreement.id, together: true })}
                  aria-label={t('agreements.rehearseTogether.label', { title: agreement.title })}
                >
                  {t('agreements.rehearseTogether')}
                </button>
                <button
                  type="button"
                  class="button-quiet"
                  onClick={() => requestRehearsal({ scriptId: agreement.id, together: false })}
                  aria-label={t('agreements.rehearseAlone.label', { title: agreement.title })}
                >
                  {t('agreements.rehearseAlone')}
                </button>
              </>
            )}
            <ConfirmButton
              label={t('agreements.remove')}
              ariaLabel={t('agreements.remove.label', { title: agreement.title })}
              question={t('agreements.remove.question')}
              onConfirm={() => refusal.run(() => workbook.agreements.remove(agreement.id, me))}
            />
          </div>
          <Refusal message={refusal.message} />
          {signError && (
            <p class="form-error" role="alert">
              {signError}
            </p>
          )}
        </>
      )}
    </li>
  );
}

/**
 * Who agreed to which earlier version, one entry per set of changes: when both agreed to the
 * same words (the usual case), one "You both agreed to an earlier version", not the diff twice.
 */
type Who = 'me' | 'partner' | 'both';

function earlierVersions(
  agreement: Agreement,
  statuses: AgreementSignatureStatus[],
  me: PartnerId,
  verifier: AgreementVerifierState,
): { who: Who; changes: SignedFieldChange[] }[] {
  const groups = new Map<string, { names: Who[]; changes: SignedFieldChange[] }>();
  for (const s of statuses) {
    const changes = changesSinceSigned(agreement, s.partnerId, verifier.verify);
    if (!changes || changes.length === 0) continue;
    const key = JSON.stringify(changes);
    const group = groups.get(key) ?? { names: [], changes };
    group.names.push(s.partnerId === me ? 'me' : 'partner');
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ who: g.names.length > 1 ? 'both' : (g.names[0] ?? 'partner'), changes: g.changes }));
}

/** "Maya agreed to an earlier version — see what changed", read from the words her signature covers. */
function EarlierVersion({ agreement, who, partner, changes }: { agreement: Agreement; who: Who; partner: string; changes: SignedFieldChange[] }) {
  const { t, language } = useI18n();
  const fields = AGREEMENT_TEMPLATES[agreement.kind].fields;
  const summary = (
    <>
      <WithName text={t('agreements.earlier', { who, ...slots('partner') })} name={partner} />{' '}
      <span class="edited-more">{t('agreements.earlier.more')}</span>
    </>
  );
  return (
    <Disclosure class="edited-note earlier-version" summary={summary}>
      <dl class="edited-fields">
        {changes.map((c) => {
          const field = fields.find((f) => f.name === c.field);
          const text = (v: AgreementFieldValue | null): string => (v === null ? '' : field ? fieldText(field, v, t, language) : String(v));
          return (
            <div key={c.field}>
              <dt>{field ? t(fieldWords(agreement.kind, field.name).label) : t('agreements.title')}</dt>
              <dd>
                <WordsDiff before={text(c.before)} after={text(c.after)} />
              </dd>
            </div>
          );
        })}
      </dl>
    </Disclosure>
  );
}

/** One line of the affirmations list, its `{partner}` slot left for <WithName>. */
function describeStatus(s: AgreementSignatureStatus, who: 'me' | 'partner', t: Translate, language: string): string {
  const names = { who, ...slots('partner') };
  if (s.state === 'signed') {
    const date = s.signedAt ? new Date(s.signedAt).toLocaleDateString(language, { day: 'numeric', month: 'short' }) : '';
    return t('agreements.status.signed', { ...names, date });
  }
  if (s.state === 'void') return t('agreements.status.void', names);
  return t('agreements.status.unsigned', names);
}

/** A field's value in words (choices through their labels). */
function fieldText(field: AgreementFieldTemplate, value: AgreementFieldValue | undefined, t: Translate, language: string): string {
  if (value === undefined) return '';
  if (field.type === 'minutes' && typeof value === 'number') return t('agreements.minutes', { count: value });
  if (field.type === 'choice' && typeof value === 'string') return choiceLabel(field, value, t, language);
  return Array.isArray(value) ? value.join('\n') : String(value);
}

function isWeekday(value: string): value is (typeof WEEKDAYS)[number] {
  return (WEEKDAYS as readonly string[]).includes(value);
}

function choiceLabel(field: AgreementFieldTemplate, value: string, t: Translate, language: string): string {
  if (field.name === 'cadence' && value in CADENCE_LABELS) return t(CADENCE_LABELS[value as keyof typeof CADENCE_LABELS]);
  // Standing alone (an option, a field's value), a day starts with a capital: "Domingo".
  if (field.name === 'day' && isWeekday(value)) return sentence(weekdayName(value, language));
  return value;
}

function AgreementFields({ agreement }: { agreement: Agreement }) {
  const { t, language } = useI18n();
  const fields = agreement.fields as Record<string, AgreementFieldValue>;
  return (
    <dl class="agreement-fields">
      {AGREEMENT_TEMPLATES[agreement.kind].fields.map((field) => {
        const value = fields[field.name];
        // Not written yet: a field the template gained after this agreement was made.
        if (value === undefined) return null;
        return (
          <div key={field.name}>
            <dt>{t(fieldWords(agreement.kind, field.name).label)}</dt>
            <dd>
              {field.type === 'steps' && Array.isArray(value) ? (
                <ol>
                  {value.map((step, i) => (
                    <li key={i}>{step}</li>
                  ))}
                </ol>
              ) : (
                fieldText(field, value, t, language)
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Form values as text (steps one per line, minutes as digits), converted back on save. */
function toFormValue(value: AgreementFieldValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}

function fromFormValue(field: AgreementFieldTemplate, text: string): AgreementFieldValue {
  if (field.type === 'steps') return text.split('\n');
  if (field.type === 'minutes') return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  return text;
}

interface EditProps {
  agreement: Agreement;
  workbook: Workbook;
  me: PartnerId;
  onDone: () => void;
}

function EditAgreementForm({ agreement, workbook, me, onDone }: EditProps) {
  const template = AGREEMENT_TEMPLATES[agreement.kind];
  const stored = agreement.fields as Record<string, AgreementFieldValue>;
  const [title, setTitle] = useState(agreement.title);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(template.fields.map((f) => [f.name, toFormValue(stored[f.name])])),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();
  const { t } = useI18n();
  const hasSignatures = Object.keys(agreement.signatures).length > 0;

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    // Field by field, stopping at the first refusal so its message sits next to that field.
    const refused =
      attemptWrite(() => workbook.agreements.setTitle(agreement.id, me, title), t) ??
      template.fields.reduce<FieldErrors | undefined>(
        (found, field) =>
          found ??
          // A field the template gained later, still unset and left empty, stays unset.
          (field.added && stored[field.name] === undefined && (values[field.name] ?? '').trim() === ''
            ? undefined
            : attemptWrite(
                () => workbook.agreements.setField(agreement.id, me, field.name, fromFormValue(field, values[field.name] ?? '')),
                t,
              )),
        undefined,
      );
    if (refused) {
      setErrors(refused);
      return;
    }
    onDone();
  };

  return (
    <OnceForm class="edit-form" onSubmit={submit} aria-label={t('agreements.edit.label', { title: agreement.title })} noValidate>
      <TextField label={t('agreements.title')} value={title} onInput={setTitle} error={errors.title} draftKey={`agreements/${agreement.id}/title`} />
      {template.fields.map((field) => (
        <FieldInput
          key={field.name}
          kind={agreement.kind}
          field={field}
          value={values[field.name] ?? ''}
          error={errors[field.name]}
          onInput={(v) => setValues((prev) => ({ ...prev, [field.name]: v }))}
          draftKey={`agreements/${agreement.id}/${field.name}`}
        />
      ))}
      {hasSignatures && (
        <p class="void-banner" id={`${id}-warning`}>
          {t('agreements.edit.warning')}
        </p>
      )}
      <div class="card-actions">
        <button type="submit" class="button-primary" aria-describedby={hasSignatures ? `${id}-warning` : undefined}>
          {t('agreements.edit.save')}
        </button>
        <button type="button" class="button-quiet" onClick={onDone} data-discard-draft>
          {t('agreements.edit.cancel')}
        </button>
      </div>
    </OnceForm>
  );
}

interface FieldInputProps {
  kind: AgreementKind;
  field: AgreementFieldTemplate;
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
  /** Where unsent text of a written field is kept (use-draft.ts). */
  draftKey: string;
}

function FieldInput({ kind, field, value, error, onInput, draftKey }: FieldInputProps) {
  const id = useId();
  const { t, language } = useI18n();
  const words = fieldWords(kind, field.name);
  const label = t(words.label);
  const hint = t(words.hint);
  if (field.type === 'choice') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <select id={id} value={value} onChange={(e) => onInput(e.currentTarget.value)} aria-describedby={`${id}-hint`}>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {choiceLabel(field, option, t, language)}
            </option>
          ))}
        </select>
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  }
  if (field.type === 'minutes' || field.type === 'time') {
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          type={field.type === 'time' ? 'time' : 'number'}
          inputMode={field.type === 'minutes' ? 'numeric' : undefined}
          min={field.type === 'minutes' ? 5 : undefined}
          max={field.type === 'minutes' ? 240 : undefined}
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        />
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  }
  return (
    <TextField
      label={label}
      hint={field.type === 'steps' ? `${hint} ${t('agreements.field.steps.perLine')}` : hint}
      multiline={field.type !== 'text'}
      rows={field.type === 'steps' ? 5 : 3}
      value={value}
      onInput={onInput}
      error={error}
      draftKey={draftKey}
    />
  );
}
