/** The page's entry point: starts the engine worker first, then loads and renders the page. */
import { connectEngine } from './engineClient';
import { parseRoute } from './hashRoute';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The worker starts before the page's own code is even fetched, and is asked at once for the scenario the
// address names: loading HyperFormula and building the first workbook overlap React's start instead of waiting for it.
const engine = connectEngine();
const started = engine.init(parseRoute(window.location.hash).docId);
// A failure is the page's to show, once it is drawn (App); until then it must not count as unhandled.
started.catch(() => undefined);

const { renderPage } = await import('./renderPage');
renderPage(root, engine, started);
