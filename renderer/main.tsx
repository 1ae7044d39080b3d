import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startFirstLoad } from './app/first-load';
import { installBridgeClient } from './bridge-client';
import './styles.css';

/**
 * The bundle is a classic async script (vite.config.ts): it is compiled and run while main is still writing
 * the page's first reads, and the desk starts once the whole page is in.
 */
function startDesk(): void {
  installBridgeClient();
  startFirstLoad();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// ICU loads its data on the first date format of a page (15-40 ms in a fresh renderer here): let it
// load now, while the page's first reads are still on their way, rather than inside the first render.
Intl.DateTimeFormat().resolvedOptions();

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', startDesk, { once: true });
else startDesk();
