/** English, the source: components. Keys are "components.…"-style, flat; values are ICU MessageFormat. */
export const components = {
};
