/** English, the source: closeness. Keys are "closeness.…"-style, flat; values are ICU MessageFormat. */
export const closeness = {
};
