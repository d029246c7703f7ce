import type { PartOf } from '../../part.js';
import type { wins as source } from '../en/wins.js';

export const wins: PartOf<typeof source> = {
  'wins.heading': 'Kleine Erfolge',
  'wins.intro': 'Achtet auf das, was gut läuft: einen kleinen Erfolg oder eine kleine Reparatur, wenn einer von euch nach einem scharfen Wort wieder auf den anderen zugegangen ist. Das summiert sich.',
  'wins.empty': 'Noch nichts hier. Was lief diese Woche ein bisschen besser?',
  'wins.count': '{count, plural, one {# Moment bemerkt} other {# Momente bemerkt}}{repairs, plural, =0 {} one {, # kleine Reparatur} other {, # kleine Reparaturen}}.',
  'wins.list': 'Unsere kleinen Erfolge',
  'wins.noun': 'kleine Erfolge',
  'wins.hint.win': 'Etwas, das gut gelaufen ist, wie klein auch immer.',
  'wins.hint.microRepair': 'Ein Moment, in dem einer von euch nach einem Fehltritt wieder auf den anderen zugegangen ist.',
  'wins.form.label': 'Einen kleinen Erfolg hinzufügen',
  'wins.form.heading': 'Einen Moment festhalten',
  'wins.form.kind': 'Was für ein Moment',
  'wins.form.text': 'Was passiert ist',
  'wins.form.submit': 'Zu unseren Erfolgen',
  'wins.card': '{kind}: {text}',
  'wins.noticedBy': '{mine, select, yes {Du hast das bemerkt} other {{partner} hat das bemerkt}} · {date}',
  'wins.remove.label': 'Entfernen: {text}',
  'wins.remove.question': 'Für euch beide entfernen?',
};
