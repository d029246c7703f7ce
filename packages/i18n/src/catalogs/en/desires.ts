/** English, the source: desires. Keys are "desires.…"-style, flat; values are ICU MessageFormat. */
export const desires = {
};
