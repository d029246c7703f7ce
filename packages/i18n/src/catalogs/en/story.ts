/** English, the source: story. Keys are "story.…"-style, flat; values are ICU MessageFormat. */
export const story = {
};
