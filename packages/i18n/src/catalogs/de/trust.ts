import type { PartOf } from '../../part.js';
import type { trust as source } from '../en/trust.js';

export const trust: PartOf<typeof source> = {
  'trust.safetyNumber': "Sicherheitsnummer",
  'trust.safetyHow': "Deine Geräte und die deines Gegenübers berechnen diese Nummer jeweils aus euren beiden Schlüsseln. Vergleicht sie gemeinsam, persönlich oder in einem Anruf, in dem ihr euch hört: Einer von euch liest die Ziffern oder die sechs Wörter vor, der andere prüft sie. Stimmen sie überein, hat sich niemand zwischen eure Geräte gedrängt.",
  'trust.orAsWords': "Oder als Wörter:",
  'trust.verifiedHere': "Du hast dein Gegenüber auf diesem Gerät verifiziert.",
  'trust.ifDiffers': "Wenn etwas abweicht, markiere es nicht als verifiziert und lass Sensibles aus dem Arbeitsbuch heraus, bis ihr wisst, warum.",
  'trust.saving': "Wird gespeichert …",
  'trust.theyMatch': "Sie stimmen überein: als verifiziert markieren",
  'trust.promptTitle': "Dein Gegenüber ist da: Vergleicht eure Sicherheitsnummer",
  'trust.changedHeading': "Die Sicherheitsnummer deines Gegenübers hat sich geändert",
  'trust.changedText': "Das passiert, wenn jemand Neues beigetreten ist, nachdem ein Partner gegangen ist, oder wenn das Relay versucht hat, einen anderen Schlüssel unterzuschieben. Deine frühere Markierung „verifiziert“ gilt nicht mehr. Vergleicht die Sicherheitsnummer noch einmal gemeinsam, persönlich oder in einem Anruf, bevor ihr etwas Neues teilt.",
  'trust.compare': "Sicherheitsnummern vergleichen",
  'trust.understand': "Verstanden",
  'trust.partnerVerified': "Gegenüber verifiziert",
  'trust.partnerNotVerified': "Gegenüber noch nicht verifiziert",
};
