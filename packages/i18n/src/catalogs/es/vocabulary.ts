import type { PartOf } from '../../part.js';
import type { vocabulary as source } from '../en/vocabulary.js';

export const vocabulary: PartOf<typeof source> = {
  'vocabulary.intro': "Palabras para sentimientos, necesidades, deseos, límites y señales de pausa, cada una con lo que significa para cada uno de vosotros. La misma palabra puede significar cosas distintas; para eso está esta página.",
  'vocabulary.signals.heading': "Nuestras señales de pausa y de seguridad",
  'vocabulary.signals.hint': "Cualquiera de los dos puede decir una de ellas en cualquier momento. El otro se detiene y hace una pausa, sin preguntas.",
  'vocabulary.noun': "palabras",
  'vocabulary.empty': "Aún no hay palabras. Empieza por una que haya surgido hace poco.",
  'vocabulary.field.term': "La palabra",
  'vocabulary.field.category': "Tipo de palabra",
  'vocabulary.add.heading': "Añadir una palabra",
  'vocabulary.add.term': "Palabra o expresión",
  'vocabulary.add.meaning.hint': "Opcional. Puedes escribirlo o cambiarlo más tarde; tu pareja añade lo que significa para ella.",
  'vocabulary.add.submit': "Añadir palabra",
  'vocabulary.meaning.mine': "Lo que significa para mí",
  'vocabulary.meaning.notYet': "Aún sin escribir",
  'vocabulary.meaning.saved': "Guardado.",
  'vocabulary.meaning.savedWhen': "Se guarda al pulsar Intro o al salir del campo.",
  'vocabulary.myPartner': "mi pareja",
  'vocabulary.meaning.theirs': "Lo que significa para {partner}",
  'vocabulary.remove': "Quitar",
  'vocabulary.remove.label': "Quitar {term}",
  'vocabulary.remove.question': "¿Quitar «{term}» para los dos? Cualquiera de los dos puede recuperarla.",
};
