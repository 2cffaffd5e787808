/** What-if questions of the open scenario: a sweep, a two-input data table, a tornado, and goal seek. */
import { useEffect, useState } from 'react';
import type { AnalysisClient, ScenarioShape } from '../../shared/analysis';
import { messageOf } from '../../shared/errors';
import { DataTablePanel } from './DataTablePanel';
import { GoalSeekPanel } from './GoalSeekPanel';
import { SweepPanel } from './SweepPanel';
import { TornadoPanel } from './TornadoPanel';

interface Props {
  analysis: AnalysisClient;
  scenarioId: string;
  onApplyInput: (scenarioId: string, input: string, value: number) => void;
}

export function WhatIfView({ analysis, scenarioId, onApplyInput }: Props) {
  const [shape, setShape] = useState<ScenarioShape>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let current = true;
    analysis.describe(scenarioId).then(
      (answer) => current && setShape(answer),
      (error: unknown) => current && setProblem(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [analysis, scenarioId]);

  if (problem) return <p className="analysis-problem" role="alert">{problem}</p>;
  if (!shape) return <p className="loading">Reading {scenarioId}…</p>;
  const apply = (input: string, value: number) => {
    onApplyInput(scenarioId, input, value);
    analysis.describe(scenarioId).then(setShape, (error: unknown) => setProblem(messageOf(error)));
  };
  return (
    <div className="what-if">
      <p className="muted">Questions asked of <strong>{shape.name}</strong> as it stands in the editor, edits included. Nothing here changes it unless you apply a goal-seek answer.</p>
      <SweepPanel analysis={analysis} shape={shape} />
      <DataTablePanel analysis={analysis} shape={shape} />
      <TornadoPanel analysis={analysis} shape={shape} />
      <GoalSeekPanel analysis={analysis} shape={shape} onApply={apply} />
    </div>
  );
}
