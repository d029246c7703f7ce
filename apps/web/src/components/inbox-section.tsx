/**
 * Moved to sections/inbox-section.tsx; this re-export keeps the current space screen building
 * until the shell switches to sections/registry.ts. (Temporary: removed once nothing imports it.)
 *
 *   import { InboxSection } from '../sections/inbox-section.js';
 */
export { InboxSection } from '../sections/inbox-section.js';
