/** English, the source: wins. Keys are "wins.…"-style, flat; values are ICU MessageFormat. */
export const wins = {
};
