/**
 * Crisis and abuse helplines by country, for the help page. The person picks their country
 * (never looked up from where they are); numbers are data here, while what each service is goes
 * through the catalog (part `pages`), so it reads in the person's language. Only numbers that were
 * checked are listed; lines change, and the page says to check locally.
 *
 *   CRISIS_LINES.DE.emergency[0].number  // '112'
 *   t(CRISIS_LINES.DE.crisis[0].service)  // 'TelefonSeelsorge, free, day and night'
 */
import type { MessageKey } from '@securebase/i18n';

/** The countries listed, as ISO 3166-1 region codes (their names come from Intl.DisplayNames). */
export const CRISIS_COUNTRIES = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'DE', 'AT', 'CH', 'ES', 'MX', 'AR', 'CL', 'CO'] as const;
export type CrisisCountry = (typeof CRISIS_COUNTRIES)[number];

/** One number to call (or text), with the place it covers when it is not the whole country. */
export interface Dial {
  number: string;
  /** A city or region, a proper name shown as written (e.g. 'Buenos Aires'). */
  area?: string;
}

/** A service: its numbers (any of them reaches it) and what it is, in words. */
export interface Helpline {
  dial: readonly Dial[];
  service: MessageKey;
  /** Data the service's words name (a keyword to text, a short number). */
  values?: Record<string, string>;
}

export interface CountryLines {
  /** Emergency numbers, each with what it reaches. */
  emergency: readonly Helpline[];
  /** Lines for someone thinking about ending their life or in crisis. */
  crisis: readonly Helpline[];
  /** Lines for someone afraid of, or hurt by, their partner. */
  abuse: readonly Helpline[];
}

const emergency = (...numbers: string[]): Helpline[] =>
  numbers.map((number): Helpline => ({ dial: [{ number }], service: 'pages.lineEmergency' }));

export const CRISIS_LINES: Record<CrisisCountry, CountryLines> = {
  US: {
    emergency: emergency('911'),
    crisis: [{ dial: [{ number: '988' }], service: 'pages.lineUs988' }],
    abuse: [{ dial: [{ number: '1-800-799-7233' }], service: 'pages.lineUsAbuse', values: { keyword: 'START', short: '88788' } }],
  },
  CA: {
    emergency: emergency('911'),
    crisis: [{ dial: [{ number: '988' }], service: 'pages.lineCa988' }],
    abuse: [],
  },
  GB: {
    emergency: emergency('999'),
    crisis: [{ dial: [{ number: '116 123' }], service: 'pages.lineSamaritans' }],
    abuse: [{ dial: [{ number: '0808 2000 247' }], service: 'pages.lineGbAbuse' }],
  },
  IE: {
    emergency: emergency('112', '999'),
    crisis: [{ dial: [{ number: '116 123' }], service: 'pages.lineSamaritans' }],
    abuse: [],
  },
  AU: {
    emergency: emergency('000'),
    crisis: [{ dial: [{ number: '13 11 14' }], service: 'pages.lineAuLifeline' }],
    abuse: [{ dial: [{ number: '1800 737 732' }], service: 'pages.lineAuRespect' }],
  },
  NZ: {
    emergency: emergency('111'),
    crisis: [{ dial: [{ number: '1737' }], service: 'pages.lineNz1737' }],
    abuse: [],
  },
  DE: {
    emergency: emergency('112'),
    crisis: [{ dial: [{ number: '0800 111 0 111' }, { number: '0800 111 0 222' }], service: 'pages.lineDeSeelsorge' }],
    abuse: [{ dial: [{ number: '116 016' }], service: 'pages.lineDeAbuse' }],
  },
  AT: {
    emergency: emergency('112'),
    crisis: [{ dial: [{ number: '142' }], service: 'pages.lineAtSeelsorge' }],
    abuse: [{ dial: [{ number: '0800 222 555' }], service: 'pages.lineAtAbuse' }],
  },
  CH: {
    emergency: [
      ...emergency('112'),
      { dial: [{ number: '117' }], service: 'pages.linePolice' },
      { dial: [{ number: '144' }], service: 'pages.lineAmbulance' },
    ],
    crisis: [{ dial: [{ number: '143' }], service: 'pages.lineChHand' }],
    abuse: [],
  },
  ES: {
    emergency: emergency('112'),
    crisis: [{ dial: [{ number: '024' }], service: 'pages.lineEs024' }],
    abuse: [{ dial: [{ number: '016' }], service: 'pages.lineEs016' }],
  },
  MX: {
    emergency: emergency('911'),
    crisis: [{ dial: [{ number: '800 911 2000' }], service: 'pages.lineMxVida' }],
    abuse: [],
  },
  AR: {
    emergency: emergency('911'),
    crisis: [{ dial: [{ number: '135', area: 'Buenos Aires' }, { number: '(011) 5275-1135' }], service: 'pages.lineArCas' }],
    abuse: [],
  },
  CL: {
    emergency: [
      { dial: [{ number: '131' }], service: 'pages.lineAmbulance' },
      { dial: [{ number: '133' }], service: 'pages.linePolice' },
    ],
    crisis: [{ dial: [{ number: '*4141' }], service: 'pages.lineClSuicide' }],
    abuse: [],
  },
  CO: {
    emergency: emergency('123'),
    crisis: [{ dial: [{ number: '106', area: 'Bogotá' }], service: 'pages.lineCo106' }],
    abuse: [],
  },
};

export function isCrisisCountry(value: string | null | undefined): value is CrisisCountry {
  return (CRISIS_COUNTRIES as readonly string[]).includes(value ?? '');
}
