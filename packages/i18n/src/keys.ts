/** Every message key: the keys of the English parts (types only; no catalog is bundled by this). */
import type { common } from './catalogs/en/common.js';
import type { labels } from './catalogs/en/labels.js';
import type { shell } from './catalogs/en/shell.js';
import type { screens } from './catalogs/en/screens.js';
import type { errors } from './catalogs/en/errors.js';
import type { components } from './catalogs/en/components.js';
import type { home } from './catalogs/en/home.js';
import type { live } from './catalogs/en/live.js';
import type { trust } from './catalogs/en/trust.js';
import type { pages } from './catalogs/en/pages.js';
import type { trustPages } from './catalogs/en/trust-pages.js';
import type { moments } from './catalogs/en/moments.js';
import type { agreements } from './catalogs/en/agreements.js';
import type { boundaries } from './catalogs/en/boundaries.js';
import type { checkins } from './catalogs/en/checkins.js';
import type { story } from './catalogs/en/story.js';
import type { vocabulary } from './catalogs/en/vocabulary.js';
import type { reframes } from './catalogs/en/reframes.js';
import type { triggers } from './catalogs/en/triggers.js';
import type { inbox } from './catalogs/en/inbox.js';
import type { wins } from './catalogs/en/wins.js';
import type { closeness } from './catalogs/en/closeness.js';
import type { desires } from './catalogs/en/desires.js';
import type { changes } from './catalogs/en/changes.js';
import type { extension } from './catalogs/en/extension.js';
import type { cli } from './catalogs/en/cli.js';

export type MessageKey =
  | keyof typeof common
  | keyof typeof labels
  | keyof typeof shell
  | keyof typeof screens
  | keyof typeof errors
  | keyof typeof components
  | keyof typeof home
  | keyof typeof live
  | keyof typeof trust
  | keyof typeof pages
  | keyof typeof trustPages
  | keyof typeof moments
  | keyof typeof agreements
  | keyof typeof boundaries
  | keyof typeof checkins
  | keyof typeof story
  | keyof typeof vocabulary
  | keyof typeof reframes
  | keyof typeof triggers
  | keyof typeof inbox
  | keyof typeof wins
  | keyof typeof closeness
  | keyof typeof desires
  | keyof typeof changes
  | keyof typeof extension
  | keyof typeof cli;

export const AREA_PARTS = {
  "core": [
    "common",
    "labels",
    "shell",
    "screens",
    "errors",
    "components",
    "home",
    "live",
    "trust"
  ],
  "pages": [
    "pages",
    "trustPages",
    "moments"
  ],
  "sections": [
    "agreements",
    "boundaries",
    "checkins",
    "story",
    "vocabulary",
    "reframes",
    "triggers",
    "inbox",
    "wins",
    "closeness",
    "desires",
    "changes"
  ],
  "extension": [
    "extension"
  ],
  "cli": [
    "cli"
  ]
} as const;
