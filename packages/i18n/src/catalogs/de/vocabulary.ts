import type { PartOf } from '../../part.js';
import type { vocabulary as source } from '../en/vocabulary.js';

export const vocabulary: PartOf<typeof source> = {
  'vocabulary.intro': "Worte für Gefühle, Bedürfnisse, Wünsche, Grenzen und Pausenzeichen – jedes mit dem, was es für jede und jeden von euch bedeutet. Dasselbe Wort kann Verschiedenes bedeuten; genau dafür ist diese Seite da.",
  'vocabulary.signals.heading': "Unsere Pausen- und Sicherheitszeichen",
  'vocabulary.signals.hint': "Jede und jeder von euch kann eines davon jederzeit sagen. Dann hält der andere inne und macht eine Pause, ohne Fragen.",
  'vocabulary.noun': "Worte",
  'vocabulary.empty': "Noch keine Worte. Fang mit einem an, das euch kürzlich begegnet ist.",
  'vocabulary.field.term': "Das Wort",
  'vocabulary.field.category': "Art des Wortes",
  'vocabulary.add.heading': "Ein Wort hinzufügen",
  'vocabulary.add.term': "Wort oder Ausdruck",
  'vocabulary.add.meaning.hint': "Optional. Du kannst es später schreiben oder ändern; dein Gegenüber ergänzt die eigene Bedeutung.",
  'vocabulary.add.submit': "Wort hinzufügen",
  'vocabulary.meaning.mine': "Was es für mich bedeutet",
  'vocabulary.meaning.notYet': "Noch nicht geschrieben",
  'vocabulary.meaning.saved': "Gespeichert.",
  'vocabulary.meaning.savedWhen': "Wird gespeichert, wenn du Enter drückst oder das Feld verlässt.",
  'vocabulary.myPartner': "mein Gegenüber",
  'vocabulary.meaning.theirs': "Was es für {partner} bedeutet",
  'vocabulary.remove': "Entfernen",
  'vocabulary.remove.label': "{term} entfernen",
  'vocabulary.remove.question': "„{term}“ für euch beide entfernen? Jede und jeder von euch kann es zurückholen.",
};
