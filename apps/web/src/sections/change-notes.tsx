/**
 * How the one ownership rule (packages/model/src/ownership.ts) shows on every section's cards:
 * who wrote something, "edited by Jonah" with what changed, "removed by Jonah · Undo" with the
 * history of removals, and a refusal in plain words when a change is not someone's to make.
 * The rule itself lives in the model; these only say what it decided.
 *
 *   <EditedNote workbook={wb} me={me} history={wb.triggers.history(t.id)} labels={{ whatHappens: 'What tends to happen' }} />
 *   <RemovedList workbook={wb} me={me} removed={wb.triggers.removed()} describe={(t) => t.trigger} onRestore={(id) => wb.triggers.restore(id, me)} />
 *   const refusal = useRefusal(); refusal.run(() => wb.wins.remove(id, me)); <Refusal message={refusal.message} />
 */
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import {
  ModelValidationError,
  UNDO_WINDOW_MS,
  diffableText,
  textDiff,
  type Authorship,
  type ItemHistory,
  type PartnerId,
  type RemovedItem,
  type Workbook,
} from '@securebase/model';
import { describeFieldError } from './field-errors.js';
import { WordDiffView } from './word-diff-view.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { useI18n, type Said, type Translate } from '../i18n.js';

/**
 * Who did it, as it reads after "by" ("edited by you", "von dir", "por ti"): "you", the
 * partner's name, "your partner" before a name is set, or "someone" when nobody can be named.
 */
function who(workbook: Workbook, me: PartnerId, by: Authorship | undefined, t: Translate): string {
  if (!by) return t('changes.bySomeone');
  if (by.partnerId === me) return t('changes.byYou');
  return workbook.members.name(by.partnerId) ?? t('changes.byPartner');
}

function shortDate(ms: number, language: string): string {
  return new Date(ms).toLocaleDateString(language, { day: 'numeric', month: 'short' });
}

/** The words of one field before and after, as a readable diff (removed struck, added marked). */
export function WordsDiff({ before, after, beforeKnown = true }: { before: unknown; after: unknown; beforeKnown?: boolean }) {
  const { t } = useI18n();
  const now = diffableText(after);
  if (!beforeKnown) {
    return (
      <p class="word-diff" dir="auto">
        <span class="diff-note">{t('changes.nowReads')}</span>
        <ins>{now || t('changes.nothing')}</ins>
      </p>
    );
  }
  // Before and now on their own lines, each marking only its own side: easier to read than
  // struck and added words interleaved. One look for every diff (the story uses the same view).
  const pieces = textDiff(diffableText(before), now);
  return (
    <div class="words-diff">
      <p class="diff-side">{t('changes.before')}</p>
      <WordDiffView changes={pieces.filter((p) => p.kind !== 'added')} />
      <p class="diff-side">{t('changes.now')}</p>
      <WordDiffView changes={pieces.filter((p) => p.kind !== 'removed')} />
    </div>
  );
}

interface EditedNoteProps {
  workbook: Workbook;
  me: PartnerId;
  history: ItemHistory | undefined;
  /** Field key → the label shown on the card. Fields not listed are not shown. */
  labels: Record<string, string>;
  /** A stored value as the card shows it (a choice's label, minutes); default: as stored. */
  format?: (field: string, value: unknown) => unknown;
  /** Only who edited: the card already shows what changed elsewhere (since an agreement). */
  summaryOnly?: boolean;
}

/** "Edited by Jonah — what changed", under a card whose words the other partner changed. */
export function EditedNote({ workbook, me, history, labels, format = (_field, value) => value, summaryOnly = false }: EditedNoteProps) {
  const { t, language } = useI18n();
  const edits = (history?.edits ?? []).filter((e) => labels[e.field] !== undefined);
  if (edits.length === 0) return null;
  const editors = new Intl.ListFormat(language, { type: 'conjunction' }).format([...new Set(edits.map((e) => who(workbook, me, e.by, t)))]);
  const edited = t('changes.editedBy', { editors });
  if (summaryOnly) return <p class="edited-note">{edited}</p>;
  return (
    <Disclosure class="edited-note" summary={<>{edited} <span class="edited-more">{t('changes.seeWhatChanged')}</span></>}>
      <dl class="edited-fields">
        {edits.map((e) => (
          <div key={e.field}>
            <dt>{labels[e.field]}</dt>
            <dd>
              <WordsDiff before={format(e.field, e.before)} after={format(e.field, e.after)} beforeKnown={e.beforeKnown} />
            </dd>
          </div>
        ))}
      </dl>
    </Disclosure>
  );
}

/**
 * A <details> whose content exists only while open: the old and new words are not in the page
 * (nor read out, nor found by search) until someone asks to see what changed.
 */
export function Disclosure({ summary, children, class: className }: { summary: ComponentChildren; children: ComponentChildren; class: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details class={className} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}

interface RemovedListProps<T extends { id: string }> {
  workbook: Workbook;
  me: PartnerId;
  removed: RemovedItem<T>[];
  /** The words that name a removed item ("flooded", the trigger, the note). */
  describe: (item: T) => string;
  /** Puts an item back; may throw ModelValidationError (shown in words). */
  onRestore: (id: string) => void;
  /** What the section calls its items, for the heading: "words", "triggers". */
  noun: string;
}

/**
 * Removed items, kept for both: recent ones in view with Undo, older ones in a history that
 * can still put them back. Each shows who removed it and every removal and undo since.
 */
export function RemovedList<T extends { id: string }>({ workbook, me, removed, describe, onRestore, noun }: RemovedListProps<T>) {
  const { t, language } = useI18n();
  const refusal = useRefusal();
  if (removed.length === 0) return null;
  const now = Date.now();
  const recent = removed.filter((r) => now - r.removedAt < UNDO_WINDOW_MS);
  const older = removed.filter((r) => now - r.removedAt >= UNDO_WINDOW_MS);
  const row = (r: RemovedItem<T>) => (
    <li key={r.item.id} class="removed-item" aria-label={t('changes.removedItem', { what: describe(r.item) })}>
      <p class="removed-line">
        <span class="removed-what" dir="auto">
          {describe(r.item)}
        </span>{' '}
        <span class="removed-by">
          {t('changes.removedBy', { who: who(workbook, me, r.removedBy, t), date: shortDate(r.removedAt, language) })}
        </span>
      </p>
      <button type="button" class="button-quiet" onClick={() => refusal.run(() => onRestore(r.item.id))} aria-label={t('changes.undoLabel', { what: describe(r.item) })}>
        {t('changes.undo')}
      </button>
      {r.history.length > 1 && (
        <details class="removed-history">
          <summary>{t('changes.history')}</summary>
          <ul>
            {r.history.map((h, i) => (
              <li key={i}>
                {t('changes.historyLine', { action: h.action === 'removed' ? 'removed' : 'restored', who: who(workbook, me, h.by, t) })}
                {h.action === 'removed' && <> · {shortDate(h.at, language)}</>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
  return (
    <section class="removed-list" aria-label={t('changes.removedList', { noun })}>
      <h3 class="removed-heading">{t('changes.recentlyRemoved')}</h3>
      <p class="hint">{t('changes.keptForBoth')}</p>
      <Refusal message={refusal.message} />
      {recent.length > 0 && <ul class="removed-items">{recent.map(row)}</ul>}
      {older.length > 0 && (
        <details>
          <summary>{t('changes.removedEarlier', { count: older.length })}</summary>
          <ul class="removed-items">{older.map(row)}</ul>
        </details>
      )}
    </section>
  );
}

interface RemoveActionProps {
  /** The model's decision (sectionDecision) for this person removing this item. */
  allowed: boolean;
  ariaLabel: string;
  question: string;
  /** Runs the removal through the model; a refusal lands in `refusal` as words. */
  remove: () => void;
  refusal: ReturnType<typeof useRefusal>;
  /** Whose words these are, for the refusal. */
  owner: string;
}

/**
 * Remove, as the rule allows it: asks first when the removal will happen; when it will not (the
 * partner's own words), the press goes straight to the model and its refusal is said in words,
 * rather than asking "remove?" only to refuse.
 */
export function RemoveAction({ allowed, ariaLabel, question, remove, refusal, owner }: RemoveActionProps) {
  const { t } = useI18n();
  if (allowed) return <ConfirmButton label={t('changes.remove')} ariaLabel={ariaLabel} question={question} onConfirm={() => refusal.run(remove, owner)} />;
  return (
    <button type="button" class="button-quiet" aria-label={ariaLabel} onClick={() => refusal.run(remove, owner)}>
      {t('changes.remove')}
    </button>
  );
}

/** A model refusal in words, next to what was tried. */
export function Refusal({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="refusal" role="status">
      {message}
    </p>
  );
}

/**
 * Runs a change and keeps the model's refusal as words to show. `words` names whose it is, for
 * "This is Maya’s, in her own words…".
 */
export function useRefusal(): { message: string | undefined; run: (change: () => void, owner?: string) => boolean; clear: () => void } {
  const { t } = useI18n();
  const [said, setSaid] = useState<{ say: Said }>();
  const setMessage = (say: Said | undefined): void => setSaid(say ? { say } : undefined);
  return {
    message: said?.say(t),
    clear: () => setMessage(undefined),
    run: (change, owner) => {
      try {
        change();
        setMessage(undefined);
        return true;
      } catch (err) {
        if (!(err instanceof ModelValidationError)) throw err;
        setMessage((tr) => (err.reason === 'not-allowed' && owner ? ownWordsRefusal(owner, tr) : describeFieldError(err, tr)));
        return false;
      }
    },
  };
}

/** Why the partner's own words cannot be changed, and what they can do instead. */
export function ownWordsRefusal(owner: string, t: Translate): string {
  return t('changes.ownWords', { owner });
}
