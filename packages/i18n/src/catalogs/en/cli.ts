/** English, the source: cli. Keys are "cli.…"-style, flat; values are ICU MessageFormat. */
export const cli = {
};
