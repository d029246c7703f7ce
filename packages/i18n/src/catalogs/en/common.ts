/** English, the source: common. Keys are "common.…"-style, flat; values are ICU MessageFormat. */
export const common = {
  'language.label': "Language",
};
