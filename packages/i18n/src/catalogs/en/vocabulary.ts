/** English, the source: vocabulary. Keys are "vocabulary.…"-style, flat; values are ICU MessageFormat. */
export const vocabulary = {
};
