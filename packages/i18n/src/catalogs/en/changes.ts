/** English, the source: changes. Keys are "changes.…"-style, flat; values are ICU MessageFormat. */
export const changes = {
};
