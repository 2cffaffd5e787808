/**
 * Scenario analysis, loaded only when opened so the editor's first load does not pay for the charts:
 * compare scenarios side by side, ask "what if" of the open one (sweep, tornado, goal seek), and see how
 * uncertain its outputs are given its inputs' ranges (Monte Carlo).
 */
import { useId, useState, type KeyboardEvent } from 'react';
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
  /** Opens on the Compare tab with these scenarios chosen (a version from the History panel beside the scenario). */
  compare?: { chosen: string[]; baseline: string } | undefined;
}

type Tab = 'compare' | 'what-if' | 'uncertainty';

const TAB_LABELS: Record<Tab, string> = { compare: 'Compare scenarios', 'what-if': 'What if…', uncertainty: 'Uncertainty' };
const TABS = Object.keys(TAB_LABELS) as Tab[];

/** The tab last shown: back from the sheet (to edit an input, say), the view opens where the person left it. */
let lastTab: Tab = 'compare';

export default function AnalysisView(props: AnalysisViewProps) {
  const [tab, setTabState] = useState<Tab>(props.compare ? 'compare' : lastTab);
  const setTab = (next: Tab) => {
    lastTab = next;
    setTabState(next);
  };
  const ids = useId();
  const tabId = (which: Tab) => `${ids}-tab-${which}`;
  const panelId = `${ids}-panel`;
  const current = props.scenarios.find((entry) => entry.id === props.currentId);
  // One stop for Tab; the arrows, Home and End move between the tabs, as the ARIA tabs pattern has it.
  const onTabsKey = (event: KeyboardEvent) => {
    const at = TABS.indexOf(tab);
    const to = new Map([['ArrowRight', at + 1], ['ArrowLeft', at - 1], ['Home', 0], ['End', TABS.length - 1]]).get(event.key);
    if (to === undefined) return;
    event.preventDefault();
    const which = TABS[(to + TABS.length) % TABS.length] ?? tab;
    setTab(which);
    document.getElementById(tabId(which))?.focus();
  };
  return (
    <section className="analysis" aria-labelledby={`${ids}-title`}>
      <h1 id={`${ids}-title`} className="analysis-title">
        Scenario analysis{current && <span className="analysis-of"> · {current.name}</span>}
      </h1>
      <div className="analysis-tabs" role="tablist" aria-label="Analysis" onKeyDown={onTabsKey}>
        {TABS.map((which) => (
          <button key={which} id={tabId(which)} type="button" role="tab" aria-selected={tab === which} aria-controls={panelId} tabIndex={tab === which ? 0 : -1} onClick={() => setTab(which)}>
            {TAB_LABELS[which]}
          </button>
        ))}
      </div>
      {/* The panel's heading is the tab's label, for a screen reader's list of headings; sighted readers have the tab. */}
      <div id={panelId} className="analysis-panel" role="tabpanel" aria-labelledby={tabId(tab)}>
        <h2 className="visually-hidden">{TAB_LABELS[tab]}</h2>
        {tab === 'compare' && <CompareView analysis={props.analysis} scenarios={props.scenarios} onOpenScenario={props.onOpenScenario} initial={props.compare} />}
        {tab === 'what-if' && <WhatIfView analysis={props.analysis} scenarioId={props.currentId} onApplyInput={props.onApplyInput} />}
        {tab === 'uncertainty' && <UncertaintyView key={props.currentId} analysis={props.analysis} scenarioId={props.currentId} />}
      </div>
    </section>
  );
}

