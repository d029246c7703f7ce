/** English, the source: trustPages. Keys are "trustPages.…"-style, flat; values are ICU MessageFormat. */
export const trustPages = {
};
