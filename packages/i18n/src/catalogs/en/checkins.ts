/** English, the source: checkins. Keys are "checkins.…"-style, flat; values are ICU MessageFormat. */
export const checkins = {
};
