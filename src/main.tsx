import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Offline use: the service worker (src/sw/service-worker.ts) exists only in production builds;
// under `vite` dev the files change on every save, so nothing is cached there.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const base = import.meta.env.BASE_URL;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
      // The app works without it; only offline use is lost.
      console.warn('Offline use is unavailable: the service worker did not register.', error);
    });
  });
}
