/** English, the source: screens. Keys are "screens.…"-style, flat; values are ICU MessageFormat. */
export const screens = {
};
