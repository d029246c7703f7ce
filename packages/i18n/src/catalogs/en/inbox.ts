/** English, the source: inbox. Keys are "inbox.…"-style, flat; values are ICU MessageFormat. */
export const inbox = {
};
