import { describe, expect, it } from 'vitest';
import { AGREEMENT_TEMPLATES } from '../src/agreement-templates.js';
import { agreementTurns, scriptTurns, turnsForRole } from '../src/script-turns.js';
import * as Y from 'yjs';
import { Workbook } from '../src/workbook.js';
import { A } from './helpers.js';

describe('script turns', () => {
  it('reads the secure-base template’s two quotations as an ask and an answer', () => {
    const turns = scriptTurns(AGREEMENT_TEMPLATES['secure-base-script'].defaults.script);
    expect(turns).toEqual([
      { role: 'first', text: "I'm feeling unsure right now. Can you remind me that we're okay?" },
      { role: 'second', text: "Yes. I'm here, we're okay, and I'm glad you told me." },
    ]);
  });

  it('alternates unmarked lines and skips blank ones', () => {
    expect(scriptTurns('Can we talk?\n\n  Yes, I am listening.  \nThank you.')).toEqual([
      { role: 'first', text: 'Can we talk?' },
      { role: 'second', text: 'Yes, I am listening.' },
      { role: 'first', text: 'Thank you.' },
    ]);
  });

  it('follows speaker markers, and alternates again after them', () => {
    const turns = scriptTurns('A: I feel far away.\nA: Can you sit with me?\nb: Of course.\nI am glad you asked.\n2: me too');
    expect(turns.map((t) => t.role)).toEqual(['first', 'first', 'second', 'first', 'second']);
    expect(turns[1]?.text).toBe('Can you sit with me?');
    expect(turns[4]?.text).toBe('me too');
  });

  it('keeps a line with one quotation, or quotations mixed with words, as it is', () => {
    expect(scriptTurns('"Just one thing."')).toEqual([{ role: 'first', text: '"Just one thing."' }]);
    expect(scriptTurns('I say "stop" and you say "okay"')).toHaveLength(1);
  });

  it('takes a de-escalation script’s steps as alternating turns', () => {
    const steps = AGREEMENT_TEMPLATES['de-escalation'].defaults.steps;
    const turns = scriptTurns(steps);
    expect(turns).toHaveLength(steps.length);
    expect(turns.map((t) => t.role)).toEqual(['first', 'second', 'first', 'second', 'first']);
  });

  it('flips who says what when the roles are swapped', () => {
    const turns = scriptTurns('Ask\nAnswer');
    expect(turnsForRole(turns, 'first')).toEqual([
      { speaker: 'me', text: 'Ask' },
      { speaker: 'partner', text: 'Answer' },
    ]);
    expect(turnsForRole(turns, 'second')).toEqual([
      { speaker: 'partner', text: 'Ask' },
      { speaker: 'me', text: 'Answer' },
    ]);
  });

  it('reads an agreement’s script field, and nothing from kinds that hold no script', () => {
    const wb = new Workbook(new Y.Doc());
    const script = wb.agreements.add({ kind: 'secure-base-script' }, A);
    const steps = wb.agreements.add({ kind: 'de-escalation' }, A);
    const timeOut = wb.agreements.add({ kind: 'time-out' }, A);
    expect(agreementTurns(script)).toHaveLength(2);
    expect(agreementTurns(steps)).toHaveLength(AGREEMENT_TEMPLATES['de-escalation'].defaults.steps.length);
    expect(agreementTurns(timeOut)).toBeUndefined();
  });
});
