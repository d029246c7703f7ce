/** English, the source: labels. Keys are "labels.…"-style, flat; values are ICU MessageFormat. */
export const labels = {
};
