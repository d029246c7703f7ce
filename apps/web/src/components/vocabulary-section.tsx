/**
 * Moved to sections/vocabulary-section.tsx; this re-export keeps the current space screen building
 * until the shell switches to sections/registry.ts. (Temporary: removed once nothing imports it.)
 *
 *   import { VocabularySection } from '../sections/vocabulary-section.js';
 */
export { VocabularySection } from '../sections/vocabulary-section.js';
