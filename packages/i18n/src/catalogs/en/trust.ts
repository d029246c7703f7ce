/** English, the source: trust. Keys are "trust.…"-style, flat; values are ICU MessageFormat. */
export const trust = {
  'trust.safetyNumber': "Safety number",
  'trust.safetyHow': "Your devices and your partner’s each work this number out from your two keys. Compare it together, in person or on a call where you can hear each other: one of you reads the digits or the six words aloud, the other checks them. If they match, no one has come between your devices.",
  'trust.orAsWords': "Or as words:",
  'trust.verifiedHere': "You have verified your partner on this device.",
  'trust.ifDiffers': "If anything differs, do not mark it as verified, and keep sensitive things out of the workbook until you know why.",
  'trust.saving': "Saving…",
  'trust.theyMatch': "They match: mark as verified",
  'trust.promptTitle': "Your partner is here: compare your safety number",
  'trust.changedHeading': "Your partner’s safety number has changed",
  'trust.changedText': "This happens when someone new joined after a partner left, or when the relay tried to slip in a different key. Your earlier “verified” mark no longer applies. Compare the safety number again together, in person or on a call, before you share anything new.",
  'trust.compare': "Compare safety numbers",
  'trust.understand': "I understand",
  'trust.partnerVerified': "Partner verified",
  'trust.partnerNotVerified': "Partner not verified yet",
};
