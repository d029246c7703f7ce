/** English, the source: agreements. Keys are "agreements.…"-style, flat; values are ICU MessageFormat. */
export const agreements = {
};
