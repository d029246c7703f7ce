/**
 * The translator: the chosen language, plurals through Intl.PluralRules, English for a missing
 * key, no HTML escaping (Preact escapes), and the device's language tag mapped to ours.
 */
import { describe, expect, it } from 'vitest';
import { createTranslator, formatDate, languageFrom } from '../src/index.js';

describe('createTranslator', () => {
  it('speaks the chosen language and picks the plural form by count', () => {
    expect(createTranslator('de')('panel.lock')).toBe('Sperren');
    expect(createTranslator('es')('panel.lock')).toBe('Bloquear');
    expect(createTranslator('en')('pass.tooShort', { count: 1 })).toBe('Use at least 1 character.');
    expect(createTranslator('en')('pass.tooShort', { count: 8 })).toBe('Use at least 8 characters.');
    expect(createTranslator('es')('pass.tooShort', { count: 8 })).toBe('Usa al menos 8 caracteres.');
  });

  it('inserts values as written, without escaping them', () => {
    expect(createTranslator('de')('live.partnerAsks', { partner: 'Sam & <Jo>', question: 'Ist alles okay bei dir?' })).toBe('Sam & <Jo> fragt: Ist alles okay bei dir?');
  });
});

describe('languageFrom', () => {
  it('maps a device language to one we ship, else English', () => {
    expect(languageFrom('de-AT')).toBe('de');
    expect(languageFrom('es-419')).toBe('es');
    expect(languageFrom('en-GB')).toBe('en');
    expect(languageFrom('fr-FR')).toBe('en');
    expect(languageFrom(undefined)).toBe('en');
  });
});

describe('formatDate', () => {
  it('writes dates the way each language does', () => {
    const day = new Date(Date.UTC(2026, 11, 3, 12));
    expect(formatDate(day, 'de', { dateStyle: 'long', timeZone: 'UTC' })).toBe('3. Dezember 2026');
    expect(formatDate(day, 'es', { dateStyle: 'long', timeZone: 'UTC' })).toBe('3 de diciembre de 2026');
    expect(formatDate(day, 'en', { dateStyle: 'long', timeZone: 'UTC' })).toBe('December 3, 2026');
  });
});
