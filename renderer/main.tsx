import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startFirstLoad } from './app/first-load';
import { installBridgeClient } from './bridge-client';
import './styles.css';

installBridgeClient();
startFirstLoad();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
