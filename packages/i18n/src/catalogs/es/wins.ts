import type { PartOf } from '../../part.js';
import type { wins as source } from '../en/wins.js';

export const wins: PartOf<typeof source> = {
  'wins.heading': 'Logros',
  'wins.intro': 'Fijaos en lo que va bien: un pequeño logro, o una pequeña reparación, cuando uno de los dos tendió la mano después de una palabra dura. Todo suma.',
  'wins.empty': 'Todavía no hay nada. ¿Qué fue un poco mejor esta semana?',
  'wins.count': '{count, plural, one {# momento anotado} other {# momentos anotados}}{repairs, plural, =0 {} one {, # pequeña reparación} other {, # pequeñas reparaciones}}.',
  'wins.list': 'Nuestros logros',
  'wins.noun': 'logros',
  'wins.hint.win': 'Algo que salió bien, por pequeño que sea.',
  'wins.hint.microRepair': 'Un momento en que uno de los dos volvió hacia el otro después de un tropiezo.',
  'wins.form.label': 'Añadir un logro',
  'wins.form.heading': 'Anotar un momento',
  'wins.form.kind': 'Qué tipo de momento',
  'wins.form.text': 'Qué pasó',
  'wins.form.submit': 'Añadir a nuestros logros',
  'wins.card': '{kind}: {text}',
  'wins.noticedBy': '{mine, select, yes {Lo anotaste tú} other {Lo anotó {partner}}} · {date}',
  'wins.remove.label': 'Quitar: {text}',
  'wins.remove.question': '¿Quitarlo para los dos?',
};
