import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { firstEventsAfter, startFirstLoad } from './app/first-load';
import { installBridgeClient } from './bridge-client';
import './styles.css';

/**
 * The bundle is a classic async script (vite.config.ts), run as soon as it is in: it asks for the first
 * reads at once (main answers them while the page loads) and draws the desk once they and the whole
 * page are in.
 */
installBridgeClient(firstEventsAfter);
const firstLoad = startFirstLoad();

function startDesk(): void {
  void firstLoad.then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}

// ICU loads its data on the first date format of a page (15-40 ms in a fresh renderer here): let it
// load now, while the page's first reads are still on their way, rather than inside the first render.
Intl.DateTimeFormat().resolvedOptions();

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', startDesk, { once: true });
else startDesk();
