/**
 * A translated part: exactly the keys of its English source, each a string. A missing or extra
 * key is a compile error (and a test failure in packages/i18n/test/catalogs.test.ts).
 */
export type PartOf<Source> = { readonly [K in keyof Source]: string };
