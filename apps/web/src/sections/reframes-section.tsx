/**
 * Reframes: an automatic thought ("they don't care") → evidence from recent supportive
 * exchanges → a kinder, truer reframe. The form offers recent wins and appreciations from the
 * workbook as evidence, since the thought usually forgets them.
 *
 *   <ReframesSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { PartnerId, ReframeItem, Workbook } from '@securebase/model';
import { ConfirmButton } from '../components/confirm-button.js';
import { TextField } from '../components/text-field.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { authorName } from './partners.js';
import type { SectionProps } from './registry.js';
import './sections.css';

interface ReframeInput {
  thought: string;
  evidence: string;
  reframe: string;
}

const EMPTY: ReframeInput = { thought: '', evidence: '', reframe: '' };
/** How far back "recent" reaches for evidence suggestions. */
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_SUGGESTIONS = 5;

/** The reframes screen: the add form (with evidence suggestions) and the list. */
export function ReframesSection({ workbook, me }: SectionProps) {
  const items = workbook.reframes.list().slice().reverse();
  return (
    <section class="section" aria-labelledby="reframes-heading">
      <h2 id="reframes-heading">Reframes</h2>
      <p class="section-intro">
        When an old, automatic thought shows up, write it down, look at what has actually happened
        between you lately, and find words that fit the evidence.
      </p>
      <AddReframeForm workbook={workbook} me={me} />
      {items.length === 0 ? (
        <p class="empty">No reframes yet.</p>
      ) : (
        <ul class="card-list" aria-label="Our reframes">
          {items.map((item) => (
            <ReframeCard key={item.id} item={item} workbook={workbook} me={me} />
          ))}
        </ul>
      )}
    </section>
  );
}

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

function AddReframeForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [input, setInput] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const suggestions = recentEvidence(workbook, me);
  const set = (field: keyof ReframeInput) => (value: string) => setInput({ ...input, [field]: value });

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => workbook.reframes.add(input, me));
    if (refused) {
      setErrors(refused);
      return;
    }
    setInput(EMPTY);
    setErrors({});
  };

  const addEvidence = (text: string): void => {
    const current = input.evidence.trim();
    setInput({ ...input, evidence: current ? `${current}\n${text}` : text });
  };

  return (
    <form class="card add-form" onSubmit={submit} aria-label="Add a reframe" noValidate>
      <h3>Reframe a thought</h3>
      <TextField
        label="The automatic thought"
        hint="As it sounds in your head, e.g. “I’m always the one who tries.”"
        multiline
        rows={2}
        value={input.thought}
        onInput={set('thought')}
        error={errors.thought}
      />
      <TextField
        label="Evidence from recent supportive moments"
        multiline
        rows={3}
        value={input.evidence}
        onInput={set('evidence')}
        error={errors.evidence}
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
      <TextField label="The reframe" hint="Words that fit the evidence." multiline rows={2} value={input.reframe} onInput={set('reframe')} error={errors.reframe} />
      <button type="submit" class="button-primary">
        Add reframe
      </button>
    </form>
  );
}

function ReframeCard({ item, workbook, me }: { item: ReframeItem; workbook: Workbook; me: PartnerId }) {
  return (
    <li class="card reframe-card" aria-label={`Reframe: ${item.thought}`}>
      <p class="byline">Written by {authorName(workbook, me, item.by)}</p>
      <ol class="flow">
        <li>
          <span class="flow-label">The thought</span>
          <p class="flow-text">{item.thought}</p>
        </li>
        <li>
          <span class="flow-label">The evidence</span>
          <p class="flow-text">{item.evidence}</p>
        </li>
        <li>
          <span class="flow-label">The reframe</span>
          <p class="flow-text">{item.reframe}</p>
        </li>
      </ol>
      <div class="card-actions">
        <ConfirmButton
          label="Remove"
          ariaLabel={`Remove reframe: ${item.thought}`}
          question="Remove this reframe for both of you?"
          onConfirm={() => workbook.reframes.remove(item.id, me)}
        />
      </div>
    </li>
  );
}
