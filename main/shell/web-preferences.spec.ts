import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences';

describe(secureWebPreferences.name, () => {
  it('isolates and sandboxes every window, with no Node.js in the page', () => {
    const sut = secureWebPreferences('/app/dist/main/preload/index.cjs');
    expect(sut).toMatchObject({
      preload: '/app/dist/main/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});
