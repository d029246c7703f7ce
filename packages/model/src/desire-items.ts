/**
 * The built-in list of the mutual reveal of desires: wishes from gentle closeness to sexual
 * intimacy, each with a stable id, in four groups. A partner answers each one yes, maybe or no
 * in their private document (desire-answers.ts); only items both marked yes or maybe are ever
 * shown, to both (the private set intersection in @securebase/crypto, carried by
 * @securebase/sync's desire-reveal.ts).
 *
 * Source of the wording: written for Secure Base from what issue 13 quotes ("conversations about
 * consent, pace, and shared fantasies within a framework of mutual respect"; "autonomy within
 * connection, allowing each person to express boundaries and curiosities confidently"), in the
 * spirit of the yes / no / maybe lists sex educators hand out (e.g. the Scarleteen "Yes, No,
 * Maybe So" list) and of sensate-focus work (touch for comfort before touch for pleasure), kept
 * warm and plain on purpose: no clinical terms, nothing explicit, no scores.
 *
 *   BUILT_IN_DESIRES.find((d) => d.id === 'desire-slow-kissing')?.title; // 'Long, slow kisses'
 *
 * A built-in item is answered and compared by its id only, so the titles and labels here are
 * English for the CLI; the web app shows each viewer the words in their own language
 * (apps/web/src/sections/desire-words.ts maps the ids to catalog keys).
 */

/** What a partner says to an item; only 'yes' and 'maybe' are brought to a reveal. */
export const DESIRE_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type DesireAnswer = (typeof DESIRE_ANSWERS)[number];

/** Plain labels for the answers. */
export const DESIRE_ANSWER_LABELS: Readonly<Record<DesireAnswer, string>> = { yes: 'Yes', maybe: 'Maybe', no: 'No' };

/** The groups of the built-in list, gentlest first. */
export const DESIRE_GROUPS = ['closeness', 'touch', 'romance', 'intimacy'] as const;
export type DesireGroup = (typeof DESIRE_GROUPS)[number];

export const DESIRE_GROUP_LABELS: Readonly<Record<DesireGroup, string>> = {
  closeness: 'Being close',
  touch: 'Touch',
  romance: 'Romance and play',
  intimacy: 'Sexual intimacy',
};

/** An item that ships with the app; its id is stable across versions (it is what a reveal compares). */
export interface BuiltInDesire {
  id: string;
  group: DesireGroup;
  title: string;
}

/** Built-in items, grouped, in the order they are shown. */
export const BUILT_IN_DESIRES: readonly BuiltInDesire[] = [
  { id: 'desire-quiet-evening', group: 'closeness', title: 'A quiet evening at home, just the two of us' },
  { id: 'desire-walk-hand-in-hand', group: 'closeness', title: 'Walking hand in hand' },
  { id: 'desire-falling-asleep-close', group: 'closeness', title: 'Falling asleep close to each other' },
  { id: 'desire-morning-cuddle', group: 'closeness', title: 'A slow morning cuddle before getting up' },
  { id: 'desire-kind-words', group: 'closeness', title: 'Hearing what you love about me' },
  { id: 'desire-long-hug', group: 'touch', title: 'A long hug without a reason' },
  { id: 'desire-back-rub', group: 'touch', title: 'A back or shoulder rub' },
  { id: 'desire-hair-stroking', group: 'touch', title: 'Having my hair stroked' },
  { id: 'desire-foot-rub', group: 'touch', title: 'A foot rub on the sofa' },
  { id: 'desire-bath-together', group: 'touch', title: 'A bath or shower together' },
  { id: 'desire-massage-with-oil', group: 'touch', title: 'A slow massage with oil' },
  { id: 'desire-date-night', group: 'romance', title: 'A planned date night' },
  { id: 'desire-dancing', group: 'romance', title: 'Dancing together in the kitchen' },
  { id: 'desire-love-notes', group: 'romance', title: 'Little love notes or messages' },
  { id: 'desire-weekend-away', group: 'romance', title: 'A weekend away, just us' },
  { id: 'desire-flirting', group: 'romance', title: 'Flirting during the day' },
  { id: 'desire-slow-kissing', group: 'romance', title: 'Long, slow kisses' },
  { id: 'desire-undressing-slowly', group: 'intimacy', title: 'Undressing each other slowly' },
  { id: 'desire-exploring-touch', group: 'intimacy', title: 'Taking turns exploring how we like to be touched' },
  { id: 'desire-telling-wishes', group: 'intimacy', title: 'Telling each other what feels good' },
  { id: 'desire-candlelight', group: 'intimacy', title: 'Making love by candlelight' },
  { id: 'desire-morning-intimacy', group: 'intimacy', title: 'Being intimate in the morning' },
  { id: 'desire-new-place', group: 'intimacy', title: 'Being intimate somewhere new' },
  { id: 'desire-lingerie', group: 'intimacy', title: 'Dressing up for each other' },
  { id: 'desire-toys', group: 'intimacy', title: 'Trying a toy together' },
  { id: 'desire-sharing-fantasies', group: 'intimacy', title: 'Sharing a fantasy in words' },
  { id: 'desire-taking-the-lead', group: 'intimacy', title: 'One of us taking the lead for a night' },
];

/** The built-in item with this id, if any. */
export function builtInDesire(id: string): BuiltInDesire | undefined {
  return BUILT_IN_DESIRES.find((item) => item.id === id);
}
