/**
 * The built-in closeness ladder: a graded path back to closeness, from simply being together to
 * sexual intimacy, and the words each partner uses to say where they are and how fast to go.
 *
 * Source of the wording: written for Secure Base from the practices issue 13 quotes ("as trust
 * grows, couples gradually reintroduce intimacy practices, beginning with non-sexual closeness
 * like holding hands or shared presence"; "mindful touch and consent topics that honor
 * boundaries while inviting closeness"), and graded the way sensate-focus work is (Masters &
 * Johnson; L. Weiner & C. Avery-Clark, "Sensate Focus in Sex Therapy", Routledge 2017): touch
 * for comfort before touch for pleasure, non-genital before genital, sex last, each step free to
 * stop. The words are plain and warm on purpose: no clinical terms, no goals, no scores.
 *
 *   BUILT_IN_CLOSENESS_STEPS[0].title; // 'Being in the same room'
 *
 * Only a step's id is ever stored, so the words here are English for the CLI and for anything
 * that does not know the id; the web app shows each viewer the words in their own language
 * (apps/web/src/sections/closeness-words.ts maps the ids to catalog keys).
 */

/** Where a partner is with a step; kept only in that partner's private document. */
export const CLOSENESS_POSITIONS = ['ready', 'maybe-soon', 'not-yet'] as const;
export type ClosenessPosition = (typeof CLOSENESS_POSITIONS)[number];

/** Plain labels for the positions. */
export const CLOSENESS_POSITION_LABELS: Readonly<Record<ClosenessPosition, string>> = {
  ready: 'Ready',
  'maybe-soon': 'Maybe soon',
  'not-yet': 'Not yet',
};

/** How fast the couple wants to move on, slowest first (a slower pace needs only one partner). */
export const CLOSENESS_PACES = ['no-rush', 'monthly', 'fortnightly', 'weekly'] as const;
export type ClosenessPace = (typeof CLOSENESS_PACES)[number];

/** Plain labels for the paces. */
export const CLOSENESS_PACE_LABELS: Readonly<Record<ClosenessPace, string>> = {
  'no-rush': "No rush: we'll talk about the next step when it feels right",
  monthly: 'About one step a month',
  fortnightly: 'About one step every two weeks',
  weekly: 'About one step a week',
};

/** A step that ships with the app; its id is stable across versions. */
export interface BuiltInClosenessStep {
  id: string;
  title: string;
  detail: string;
}

/** Built-in steps, in their default order (the couple may reorder them and add their own). */
export const BUILT_IN_CLOSENESS_STEPS: readonly BuiltInClosenessStep[] = [
  { id: 'builtin-presence', title: 'Being in the same room', detail: 'Reading, cooking or resting side by side. No need to talk.' },
  { id: 'builtin-time-together', title: 'Time for just the two of us', detail: 'A walk, a meal or a film, planned and protected.' },
  { id: 'builtin-warm-words', title: 'Warm words and looking at each other', detail: 'A few quiet moments of eye contact, a thank-you, a kind word.' },
  { id: 'builtin-holding-hands', title: 'Holding hands', detail: 'On a walk, on the sofa, whenever it feels right.' },
  { id: 'builtin-hugs', title: 'Hugs', detail: 'A hug hello and goodbye, or a long one when it is needed.' },
  { id: 'builtin-sitting-close', title: 'Sitting close', detail: 'Leaning on each other, an arm around a shoulder.' },
  { id: 'builtin-sharing-a-bed', title: 'Sleeping in the same bed', detail: 'Sharing the bed again, with nothing more expected.' },
  { id: 'builtin-cuddling', title: 'Cuddling', detail: 'Lying close with clothes on, for comfort.' },
  { id: 'builtin-caring-touch', title: 'Caring touch', detail: 'A back rub, stroking hair, holding each other: touch to comfort, not to lead anywhere.' },
  { id: 'builtin-kissing', title: 'Kissing', detail: 'Kisses that say "I am here", at the pace you both like.' },
  { id: 'builtin-sensual-touch', title: 'Slow, sensual touch', detail: "Taking turns to explore each other's bodies slowly, free to stop at any moment." },
  { id: 'builtin-intimate-touch', title: 'Intimate touch', detail: 'Touching each other intimately, without aiming for sex.' },
  { id: 'builtin-sexual-intimacy', title: 'Sexual intimacy', detail: 'Making love, at a pace you both choose, with the pause signal always there.' },
];

/** The built-in step with this id, or undefined. */
export function builtInClosenessStep(id: string): BuiltInClosenessStep | undefined {
  return BUILT_IN_CLOSENESS_STEPS.find((step) => step.id === id);
}
