/** English, the source: live. Keys are "live.…"-style, flat; values are ICU MessageFormat. */
export const live = {
};
