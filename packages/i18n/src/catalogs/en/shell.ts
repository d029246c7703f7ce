/** English, the source: shell. Keys are "shell.…"-style, flat; values are ICU MessageFormat. */
export const shell = {
  'shell.lazyFailed': "This part of Secure Base could not be loaded. Check the connection, then try again.",
  'shell.tryAgain': "Try again",
  'shell.loading': "Loading…",
};
