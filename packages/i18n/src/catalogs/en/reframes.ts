/** English, the source: reframes. Keys are "reframes.…"-style, flat; values are ICU MessageFormat. */
export const reframes = {
};
