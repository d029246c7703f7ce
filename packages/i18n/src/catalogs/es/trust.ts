import type { PartOf } from '../../part.js';
import type { trust as source } from '../en/trust.js';

export const trust: PartOf<typeof source> = {
  'trust.safetyNumber': "Número de seguridad",
  'trust.safetyHow': "Tus dispositivos y los de tu pareja calculan este número a partir de vuestras dos claves. Comparadlo juntos, en persona o en una llamada en la que os oigáis: uno lee en voz alta los dígitos o las seis palabras y el otro los comprueba. Si coinciden, nadie se ha interpuesto entre vuestros dispositivos.",
  'trust.orAsWords': "O en palabras:",
  'trust.verifiedHere': "Has verificado a tu pareja en este dispositivo.",
  'trust.ifDiffers': "Si algo no coincide, no lo marques como verificado y deja las cosas delicadas fuera del cuaderno hasta saber por qué.",
  'trust.saving': "Guardando…",
  'trust.theyMatch': "Coinciden: marcar como verificado",
  'trust.promptTitle': "Tu pareja ya está aquí: comparad vuestro número de seguridad",
  'trust.changedHeading': "El número de seguridad de tu pareja ha cambiado",
  'trust.changedText': "Esto ocurre cuando alguien nuevo se ha unido después de que uno de los dos se fuera, o cuando el relé ha intentado colar una clave distinta. Tu marca anterior de «verificado» ya no vale. Volved a comparar el número de seguridad juntos, en persona o en una llamada, antes de compartir nada nuevo.",
  'trust.compare': "Comparar números de seguridad",
  'trust.understand': "Entendido",
  'trust.partnerVerified': "Pareja verificada",
  'trust.partnerNotVerified': "Pareja aún sin verificar",
};
