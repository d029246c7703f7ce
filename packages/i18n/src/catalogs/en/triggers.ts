/** English, the source: triggers. Keys are "triggers.…"-style, flat; values are ICU MessageFormat. */
export const triggers = {
};
