import type { PartOf } from '../../part.js';
import type { changes as source } from '../en/changes.js';

export const changes: PartOf<typeof source> = {
  'changes.writtenBy': '{mine, select, yes {Escrito por ti} other {Escrito por {partner}}}',
  'changes.bySomeone': 'alguien',
  'changes.byYou': 'ti',
  'changes.byPartner': 'tu pareja',
  'changes.nowReads': 'Ahora dice: ',
  'changes.nothing': 'nada',
  'changes.before': 'Antes',
  'changes.now': 'Ahora',
  'changes.editedBy': 'Editado por {editors}',
  'changes.seeWhatChanged': '· ver qué ha cambiado',
  'changes.removedItem': 'Quitado: {what}',
  'changes.removedBy': '— quitado por {who} · {date}',
  'changes.undoLabel': 'Recuperar «{what}»',
  'changes.undo': 'Deshacer',
  'changes.history': 'Historial',
  'changes.historyLine': '{action, select, removed {Quitado por {who}} other {Recuperado por {who}}}',
  'changes.removedList': 'Lo que se ha quitado: {noun}',
  'changes.recentlyRemoved': 'Quitado hace poco',
  'changes.keptForBoth': 'Se guarda aquí para los dos. Cualquiera de los dos puede recuperar algo.',
  'changes.removedEarlier': 'Quitado antes ({count})',
  'changes.remove': 'Quitar',
  'changes.ownWords': 'Esto lo escribió {owner} con sus propias palabras, así que solo {owner} puede cambiarlo o quitarlo. Puedes decirle lo que piensas con una nota en la bandeja.',
  'changes.diffAdded': '[añadido: {text}]',
  'changes.diffRemoved': '[quitado: {text}]',
};
