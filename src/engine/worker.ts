/** The engine's thread: HyperFormula evaluates here, so the page stays responsive and its bundle small. */
import { expose } from 'comlink';
import { createEngine } from './engine';
import { indexedDbStorage } from './storage/storage';

// Bundled at build time: the presets ship with the page, read as text so each is validated, not trusted.
const files = import.meta.glob<string>('../../scenarios/*.json', { eager: true, query: '?raw', import: 'default' });
const texts = Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]));

// Every tab's engine listens here, so a save in one tab reaches the others showing the same scenario.
expose(createEngine(texts, { storage: indexedDbStorage(), channel: new BroadcastChannel('tradesheet-work') }));
