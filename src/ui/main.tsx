import { connectEngine } from './engineClient';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The worker starts before the page's own code is even fetched, so loading HyperFormula and opening the
// first scenario overlap React's start instead of waiting for it.
const engine = connectEngine();

const [{ StrictMode }, { createRoot }, { App }, { ErrorBoundary }] = await Promise.all([import('react'), import('react-dom/client'), import('./App'), import('./ErrorBoundary')]);

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary engine={engine}>
      <App engine={engine} />
    </ErrorBoundary>
  </StrictMode>,
);
