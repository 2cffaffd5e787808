/** Mounts the page's React tree under its error boundary. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { EngineClient } from './engineClient';
import type { InitResult } from '../shared/messages';
import { ErrorBoundary } from './ErrorBoundary';

/** The page's React tree; loaded by main.tsx once the engine worker has been started. */
export function renderPage(root: HTMLElement, engine: EngineClient, started: Promise<InitResult>): void {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary engine={engine}>
        <App engine={engine} started={started} />
      </ErrorBoundary>
    </StrictMode>,
  );
}
