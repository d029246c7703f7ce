/** English, the source: trust. Keys are "trust.…"-style, flat; values are ICU MessageFormat. */
export const trust = {
};
