/** English, the source: errors. Keys are "errors.…"-style, flat; values are ICU MessageFormat. */
export const errors = {
};
