import type { PartOf } from '../../part.js';
import type { changes as source } from '../en/changes.js';

export const changes: PartOf<typeof source> = {
  'changes.writtenBy': '{mine, select, yes {Du hast das geschrieben} other {{partner} hat das geschrieben}}',
  'changes.bySomeone': 'jemandem',
  'changes.byYou': 'dir',
  'changes.byPartner': 'deinem Gegenüber',
  'changes.nowReads': 'Jetzt steht hier: ',
  'changes.nothing': 'nichts',
  'changes.before': 'Vorher',
  'changes.now': 'Jetzt',
  'changes.editedBy': 'Bearbeitet von {editors}',
  'changes.seeWhatChanged': '· sieh dir an, was sich geändert hat',
  'changes.removedItem': 'Entfernt: {what}',
  'changes.removedBy': '— entfernt von {who} · {date}',
  'changes.undoLabel': '„{what}“ zurückholen',
  'changes.undo': 'Rückgängig',
  'changes.history': 'Verlauf',
  'changes.historyLine': '{action, select, removed {Entfernt von {who}} other {Zurückgeholt von {who}}}',
  'changes.removedList': 'Entfernte {noun}',
  'changes.recentlyRemoved': 'Kürzlich entfernt',
  'changes.keptForBoth': 'Hier für euch beide aufbewahrt. Ihr könnt beide etwas zurückholen.',
  'changes.removedEarlier': 'Früher entfernt ({count})',
  'changes.remove': 'Entfernen',
  'changes.ownWords': 'Das hat {owner} in eigenen Worten geschrieben, darum kann nur {owner} es ändern oder entfernen. Was du darüber denkst, kannst du in einer Notiz im Eingang sagen.',
  'changes.diffAdded': '[hinzugefügt: {text}]',
  'changes.diffRemoved': '[entfernt: {text}]',
};
