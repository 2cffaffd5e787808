/** The page's last line of defence: a render crash shows what failed, with Reload and Download scenario. */
import { Component, useState, type ReactNode } from 'react';
import { downloadFile } from './download';
import type { EngineClient } from './engineClient';
import { parseRoute } from './hashRoute';
import { messageOf } from '../shared/errors';

interface Props {
  engine: EngineClient;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * A render crash anywhere below shows what failed and the ways on, instead of a white page. The work
 * is not in React: the engine worker still holds every edit and keeps storing it.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    return this.state.error ? <WhatFailed error={this.state.error} engine={this.props.engine} /> : this.props.children;
  }
}

function WhatFailed({ error, engine }: { error: Error; engine: EngineClient }) {
  // The hash names the scenario that was open, whatever part of the page failed.
  const docId = parseRoute(window.location.hash).docId;
  const [warning, setWarning] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const reload = async () => {
    if (warning === undefined) {
      const saved = await engine.whenSaved().catch((reason: unknown) => ({ ok: false, problem: messageOf(reason) }));
      if (!saved.ok) {
        setWarning(`${saved.problem ?? 'Some edits are not stored.'} Reloading now loses what is not stored: download the scenario first.`);
        return;
      }
    }
    window.location.reload();
  };

  const download = async () => {
    if (!docId) return;
    try {
      const file = await engine.downloadScenario(docId);
      downloadFile(file.fileName, file.text, 'application/json');
      setProblem(undefined);
    } catch (reason) {
      setProblem(`The scenario could not be downloaded: ${messageOf(reason)}`);
    }
  };

  return (
    // The landmark stays a main (role="alert" on it would unmake it); the card inside is what is announced.
    <main className="crash" aria-labelledby="crash-title">
      <div className="crash-card" role="alert">
        <h1 id="crash-title">Part of the page stopped working</h1>
        <p className="crash-error">
          <code>{error.message || error.name}</code>
        </p>
        <p>
          Your work is not lost: the engine still holds every edit and stores it in this browser. Reload the page to carry on where you were, or download the
          scenario first to keep a copy.
        </p>
        {warning && <p className="field-problem">{warning}</p>}
        {problem && <p className="field-problem">{problem}</p>}
        <div className="crash-actions">
          <button type="button" className="button button-primary" onClick={() => void reload()}>
            {warning === undefined ? 'Reload' : 'Reload anyway'}
          </button>
          {docId && (
            <button type="button" className="button" onClick={() => void download()}>
              Download scenario
            </button>
          )}
        </div>
      </div>
    </main>
  );
}

