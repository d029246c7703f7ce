/** English, the source: pages. Keys are "pages.…"-style, flat; values are ICU MessageFormat. */
export const pages = {
};
