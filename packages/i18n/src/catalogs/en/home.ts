/** English, the source: home. Keys are "home.…"-style, flat; values are ICU MessageFormat. */
export const home = {
};
