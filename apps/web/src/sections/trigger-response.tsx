/**
 * A trigger's response, as agreed or not: "Our agreed response" only once both partners'
 * devices co-signed the trigger's words (the model's triggerResponseStatus, the trust rule of
 * @securebase/sync's agreementVerifier); until then "Proposed response · proposed by Maya",
 * with "Agree to this response". After an edit the earlier agreement is void and the card says
 * so, with one "see what changed" for everyone who agreed to those same words.
 *
 *   const statuses = responseStatuses(t, wb, me, verifier);
 *   <ol class="flow">…<ResponseStep item={t} statuses={statuses} /></ol>
 *   <ResponseAgreement item={t} workbook={wb} me={me} credentials={creds} verifier={verifier} labels={labels} statuses={statuses} />
 */
import { useState } from 'preact/hooks';
import {
  changesSinceResponseSigned,
  hasRepairSequence,
  triggerCanonicalBytes,
  triggerResponseStatus,
  type AgreementSignatureStatus,
  type PartnerId,
  type TriggerFieldChange,
  type TriggerItem,
  type Workbook,
} from '@securebase/model';
import { hashBytes, signAgreement } from '@securebase/crypto';
import { toBase64Url } from '@securebase/protocol';
import type { Credentials } from '@securebase/sync';
import { Disclosure, WordsDiff } from './change-notes.js';
import { RepairSequence } from './repair-sequence.js';
import { attemptWrite } from './field-errors.js';
import { authorName, partnerId as findPartnerId, partnerName } from './partners.js';
import { WithName, slots, useI18n } from '../i18n.js';
import type { AgreementVerifierState } from './use-agreement-verifier.js';

interface Props {
  item: TriggerItem;
  workbook: Workbook;
  me: PartnerId;
  credentials: Credentials;
  verifier: AgreementVerifierState;
  /** The card's field labels, for what changed. */
  labels: Record<TriggerFieldChange['field'], string>;
}

/** Each partner's state on the response (undefined while the membership is being checked). */
export function responseStatuses(item: TriggerItem, workbook: Workbook, me: PartnerId, verifier: AgreementVerifierState): AgreementSignatureStatus[] | undefined {
  const signed = workbook.triggers.responseSignatures(item.id);
  const partner = findPartnerId(workbook, me);
  const partners = partner ? [me, partner] : [me];
  return signed && verifier.ready ? triggerResponseStatus(item, signed, verifier.verify, { partners, hash: hashBytes }) : undefined;
}

/** True when both partners' agreement holds on the words as they are now. */
export function bothAgreed(statuses: AgreementSignatureStatus[] | undefined): boolean {
  return statuses?.length === 2 && statuses.every((s) => s.state === 'signed');
}

/** The third step of a trigger's flow: "Our agreed response" only once both agreed. */
export function ResponseStep({ item, statuses }: { item: TriggerItem; statuses: AgreementSignatureStatus[] | undefined }) {
  const { t } = useI18n();
  const both = bothAgreed(statuses);
  return (
    <li class={both ? 'response-agreed' : 'response-proposed'}>
      <span class="flow-label">{!item.agreedResponse ? t('triggers.response.ours') : both ? t('triggers.response.agreed') : t('triggers.response.proposed')}</span>
      <p class="flow-text" dir="auto">
        {item.agreedResponse || <span class="not-yet">{t('triggers.notYet')}</span>}
      </p>
    </li>
  );
}

/** The fourth step: the repair sequence after the trigger, agreed with the response. */
export function RepairStep({ item, statuses }: { item: TriggerItem; statuses: AgreementSignatureStatus[] | undefined }) {
  const { t } = useI18n();
  if (!hasRepairSequence(item)) return null;
  const both = bothAgreed(statuses);
  return (
    <li class={`flow-repair ${both ? 'response-agreed' : 'response-proposed'}`}>
      <span class="flow-label">{both ? t('triggers.repair.agreed') : t('triggers.repair.proposed')}</span>
      <RepairSequence item={item} />
    </li>
  );
}

/** Under the flow: who proposed the response, who agreed, what changed since, and "Agree". */
export function ResponseAgreement({ item, workbook, me, credentials, verifier, labels, statuses }: Props & { statuses: AgreementSignatureStatus[] | undefined }) {
  const { t } = useI18n();
  const [stale, setStale] = useState(false);
  const partner = findPartnerId(workbook, me);
  const name = partnerName(workbook, me, t);
  const repair = hasRepairSequence(item);
  if (!item.agreedResponse && !repair) return null;
  if (!statuses) return <p class="hint">{t('triggers.agree.checking')}</p>;
  const mine = statuses.find((s) => s.partnerId === me);

  const agree = (): void => {
    // Sign exactly what is on the screen; the model refuses it as stale if the words changed.
    const current = workbook.triggers.get(item.id);
    const revision = workbook.triggers.responseSignatures(item.id)?.revision;
    if (!current || revision === undefined) return;
    const canonical = triggerCanonicalBytes(current);
    const refused = attemptWrite(() =>
      workbook.triggers.signResponse(item.id, me, {
        revision,
        deviceKey: toBase64Url(credentials.device.signPublicKey),
        signature: toBase64Url(signAgreement(credentials.device, canonical)),
        contentHash: toBase64Url(hashBytes(canonical)),
      }),
      t,
    );
    setStale(refused !== undefined);
  };

  if (bothAgreed(statuses)) {
    return (
      <p class="signed-banner" role="status">
        {repair ? t('triggers.agree.bothWithRepair') : t('triggers.agree.both')}
      </p>
    );
  }
  const history = workbook.triggers.history(item.id);
  const proposer = history?.edits.find((e) => e.field === 'agreedResponse')?.by?.partnerId ?? history?.author?.partnerId ?? item.createdBy;
  const voided = statuses.filter((s) => s.state === 'void');
  const agreeLabel = mine?.state === 'void' ? t('triggers.agree.again') : repair ? t('triggers.agree.withRepair') : t('triggers.agree.response');
  const status = (isMe: boolean, state: string) => (
    <WithName text={t('triggers.agree.status', { ...slots('partner'), mine: isMe ? 'yes' : 'no', state })} name={name} />
  );
  return (
    <div class="response-agreement">
      <p class="byline">
        <WithName text={t('triggers.proposedBy', { ...slots('partner'), mine: proposer === me ? 'yes' : 'no' })} name={authorName(workbook, me, proposer, t)} />
      </p>
      <ul class="sig-status" aria-label={t('triggers.agree.statusList')}>
        {[...statuses].sort((a, b) => Number(b.partnerId === me) - Number(a.partnerId === me)).map((s) => (
          <li key={s.partnerId} class={`sig-${s.state}`}>
            {status(s.partnerId === me, s.state)}
          </li>
        ))}
        {!partner && <li class="sig-unsigned">{status(false, 'unsigned')}</li>}
      </ul>
      {voided.length > 0 && <EarlierAgreement item={item} workbook={workbook} me={me} voided={voided} name={name} verifier={verifier} labels={labels} />}
      {mine?.state !== 'signed' && (
        <div class="card-actions">
          <button type="button" class="button-primary" onClick={agree} aria-label={t('triggers.agree.label', { action: agreeLabel, trigger: item.trigger })}>
            {agreeLabel}
          </button>
        </div>
      )}
      {stale && (
        <p class="form-error" role="alert">
          {t('triggers.agree.stale')}
        </p>
      )}
    </div>
  );
}

interface EarlierProps {
  item: TriggerItem;
  workbook: Workbook;
  me: PartnerId;
  voided: AgreementSignatureStatus[];
  /** The partner's name (or "your partner"), for "since Maya agreed". */
  name: string;
  verifier: AgreementVerifierState;
  labels: Record<TriggerFieldChange['field'], string>;
}

/**
 * One "see what changed" per set of words agreed to: when both agreed to the same earlier
 * version (the usual case), one disclosure names both, rather than the same diff twice.
 */
function EarlierAgreement({ item, workbook, me, voided, name, verifier, labels }: EarlierProps) {
  const { t } = useI18n();
  const signed = workbook.triggers.responseSignatures(item.id);
  if (!signed) return null;
  const groups = new Map<string, { names: PartnerId[]; changes: TriggerFieldChange[] }>();
  for (const s of voided) {
    const changes = changesSinceResponseSigned(item, signed, s.partnerId, verifier.verify);
    if (!changes || changes.length === 0) continue;
    const key = JSON.stringify(changes);
    const group = groups.get(key) ?? { names: [], changes };
    group.names.push(s.partnerId);
    groups.set(key, group);
  }
  return (
    <>
      {[...groups.values()].map((g) => (
        <Disclosure
          key={g.names.join()}
          class="edited-note earlier-version"
          summary={
            <>
              <WithName
                text={t('triggers.changedSince', { ...slots('partner'), whom: g.names.length > 1 ? 'both' : g.names[0] === me ? 'you' : 'partner' })}
                name={name}
              />{' '}
              <span class="edited-more">{t('changes.seeWhatChanged')}</span>
            </>
          }
        >
          <dl class="edited-fields">
            {g.changes.map((c) => (
              <div key={c.field}>
                <dt>{labels[c.field]}</dt>
                <dd>
                  <WordsDiff before={c.before} after={c.after} />
                </dd>
              </div>
            ))}
          </dl>
        </Disclosure>
      ))}
    </>
  );
}
