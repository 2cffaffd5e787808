/**
 * Scenario analysis, loaded only when opened so the editor's first load does not pay for the charts:
 * compare scenarios side by side, ask "what if" of the open one (sweep, tornado, goal seek), and see how
 * uncertain its outputs are given its inputs' ranges (Monte Carlo).
 */
import { useState } from 'react';
import type { AnalysisClient } from '../../shared/analysis';
import { CompareView } from './CompareView';
import { UncertaintyView } from './UncertaintyView';
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

type Tab = 'compare' | 'what-if' | 'uncertainty';

/** The tab last shown: back from the sheet (to edit an input, say), the view opens where the person left it. */
let lastTab: Tab = 'compare';

export default function AnalysisView(props: AnalysisViewProps) {
  const [tab, setTabState] = useState<Tab>(lastTab);
  const setTab = (next: Tab) => {
    lastTab = next;
    setTabState(next);
  };
  return (
    <section className="analysis" aria-label="Scenario analysis">
      <div className="analysis-tabs" role="tablist" aria-label="Analysis">
        <button type="button" role="tab" aria-selected={tab === 'compare'} onClick={() => setTab('compare')}>
          Compare scenarios
        </button>
        <button type="button" role="tab" aria-selected={tab === 'what-if'} onClick={() => setTab('what-if')}>
          What if…
        </button>
        <button type="button" role="tab" aria-selected={tab === 'uncertainty'} onClick={() => setTab('uncertainty')}>
          Uncertainty
        </button>
      </div>
      {tab === 'compare' && <CompareView analysis={props.analysis} scenarios={props.scenarios} onOpenScenario={props.onOpenScenario} />}
      {tab === 'what-if' && <WhatIfView analysis={props.analysis} scenarioId={props.currentId} onApplyInput={props.onApplyInput} />}
      {tab === 'uncertainty' && <UncertaintyView key={props.currentId} analysis={props.analysis} scenarioId={props.currentId} />}
    </section>
  );
}

