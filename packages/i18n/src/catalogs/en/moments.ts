/** English, the source: moments. Keys are "moments.…"-style, flat; values are ICU MessageFormat. */
export const moments = {
};
