/**
 * Scenario analysis, loaded only when opened so the editor's first load does not pay for the charts:
 * compare scenarios side by side, and ask "what if" of the open one (sweep, tornado, goal seek).
 */
import { useState } from 'react';
import type { AnalysisClient } from '../../shared/analysis';
import { CompareView } from './CompareView';
import { WhatIfView } from './WhatIfView';
import './analysis.css';

export interface AnalysisViewProps {
  analysis: AnalysisClient;
  /** Every scenario the user can compare: the presets and their own saved ones. */
  scenarios: readonly { id: string; name: string }[];
  /** The scenario open in the editor: what-if questions are asked of it, with its edits. */
  currentId: string;
  onOpenScenario: (id: string) => void;
  onApplyInput: (scenarioId: string, input: string, value: number) => void;
}

type Tab = 'compare' | 'what-if';

export default function AnalysisView(props: AnalysisViewProps) {
  const [tab, setTab] = useState<Tab>('compare');
  return (
    <section className="analysis" aria-label="Scenario analysis">
      <div className="analysis-tabs" role="tablist" aria-label="Analysis">
        <button type="button" role="tab" aria-selected={tab === 'compare'} onClick={() => setTab('compare')}>
          Compare scenarios
        </button>
        <button type="button" role="tab" aria-selected={tab === 'what-if'} onClick={() => setTab('what-if')}>
          What if…
        </button>
      </div>
      {tab === 'compare' ? (
        <CompareView analysis={props.analysis} scenarios={props.scenarios} onOpenScenario={props.onOpenScenario} />
      ) : (
        <WhatIfView analysis={props.analysis} scenarioId={props.currentId} onApplyInput={props.onApplyInput} />
      )}
    </section>
  );
}

