import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectEngine } from './engineClient';
import { ErrorBoundary } from './ErrorBoundary';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const engine = connectEngine();

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary engine={engine}>
      <App engine={engine} />
    </ErrorBoundary>
  </StrictMode>,
);
