// The main entry is the typed public API; helpers that only tests reach for live in ./testing.
import { describe, expect, it } from 'vitest';
import * as main from '@securebase/crypto';
import * as testing from '@securebase/crypto/testing';

const TEST_ONLY = ['CONTEXT', 'allSignatureContexts', 'createInviteCertificate', 'SAFETY_WORDS'];

describe('@securebase/crypto/testing', () => {
  it('holds the test-only helpers, and the main entry does not', () => {
    for (const name of TEST_ONLY) {
      expect(name in testing, name).toBe(true);
      expect(name in main, name).toBe(false);
    }
  });
});
