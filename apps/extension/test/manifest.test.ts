// Manifest generation: per-browser keys, the least-privilege permission lists, and the CSP's
// connect-src (pinned relay origins, or the generic https/wss + loopback form).
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, connectSources, contentSecurityPolicy, manifestFor } from '../build/manifest.js';

describe('manifestFor', () => {
  it('gives Chromium a side panel and a module service worker, Firefox a sidebar and background scripts', () => {
    const chromium = manifestFor('chromium', { version: '1.2.3' });
    const firefox = manifestFor('firefox', { version: '1.2.3' });
    expect(chromium).toMatchObject({ version: '1.2.3', side_panel: { default_path: 'sidepanel.html' } });
    expect(chromium.background).toEqual({ service_worker: 'background.js', type: 'module' });
    expect(chromium.sidebar_action).toBeUndefined();
    expect(firefox.background).toEqual({ scripts: ['background.js'], type: 'module' });
    expect(firefox.side_panel).toBeUndefined();
    expect(firefox).toMatchObject({ sidebar_action: { default_panel: 'sidepanel.html' }, browser_specific_settings: { gecko: {} } });
  });

  it('asks for nothing beyond alarms and notifications (and sidePanel on Chromium)', () => {
    expect(PERMISSIONS).toEqual({ chromium: ['alarms', 'notifications', 'sidePanel'], firefox: ['alarms', 'notifications'] });
    for (const target of ['chromium', 'firefox'] as const) {
      const manifest = manifestFor(target, { version: '0.1.0' });
      expect(manifest.permissions).toEqual(PERMISSIONS[target]);
      expect(manifest).not.toHaveProperty('host_permissions');
      expect(manifest).not.toHaveProperty('content_scripts');
    }
  });
});

describe('connect-src', () => {
  it('pins the relay origins with their WebSocket twins', () => {
    expect(connectSources(['https://relay.example.org', 'http://localhost:8787'])).toEqual([
      'https://relay.example.org',
      'wss://relay.example.org',
      'http://localhost:8787',
      'ws://localhost:8787',
    ]);
    expect(contentSecurityPolicy(['https://relay.example.org'])).toContain('connect-src https://relay.example.org wss://relay.example.org;');
  });

  it('refuses an origin with a path, query or credentials', () => {
    expect(() => connectSources(['https://relay.example.org/v1'])).toThrow(/bare origin/);
    expect(() => connectSources(['https://user@relay.example.org'])).toThrow(/bare origin/);
  });

  it('without pinned origins, allows TLS anywhere and plain connections to loopback only', () => {
    expect(connectSources()).toEqual(['https:', 'wss:', 'http://localhost:*', 'ws://localhost:*', 'http://127.0.0.1:*', 'ws://127.0.0.1:*']);
  });
});
