/** English, the source: boundaries. Keys are "boundaries.…"-style, flat; values are ICU MessageFormat. */
export const boundaries = {
};
