import { useEffect, useState } from 'react';
import type { OpenPresetResult, PresetSummary } from './engine';
import type { EngineClient } from './engineClient';
import { PresetList } from './PresetList';
import { ProblemList } from './ProblemList';
import { ScenarioView } from './ScenarioView';
import { routeHash, useHashRoute } from './useHashRoute';

const ARTICLE_TITLE = 'Japan, after 101 Tough Days, Learns a Hard Lesson about U.S. Alliance';

/** The page: the preset picker beside the chosen preset, which the URL hash names. */
export function App({ engine }: { engine: EngineClient }) {
  const route = useHashRoute();
  const [presets, setPresets] = useState<PresetSummary[]>();
  const [opened, setOpened] = useState<Readonly<Record<string, OpenPresetResult>>>({});
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    engine.listPresets().then(setPresets, (error: unknown) => setFailure(messageOf(error)));
  }, [engine]);

  const selectedId = route.presetId ?? (presets?.find((preset) => preset.problems.length === 0) ?? presets?.[0])?.id;
  const summary = presets?.find((preset) => preset.id === selectedId);
  const result = summary && opened[summary.id];

  useEffect(() => {
    if (!summary || summary.problems.length > 0 || result) return;
    engine.openPreset(summary.id).then(
      (answer) => setOpened((previous) => ({ ...previous, [summary.id]: answer })),
      (error: unknown) => setFailure(messageOf(error)),
    );
  }, [engine, summary, result]);

  let content;
  if (failure) content = <ProblemList title="The engine stopped" problems={[failure]} />;
  else if (!presets) content = <p className="loading">Loading scenarios…</p>;
  else if (presets.length === 0) content = <p className="muted">There are no presets to show.</p>;
  else if (!summary) content = <ProblemList title="No such scenario" problems={[`no preset with id "${selectedId ?? ''}"; pick one from the list`]} />;
  else if (summary.problems.length > 0) content = <ProblemList title={`${summary.file} cannot be shown`} problems={summary.problems} />;
  else if (!result) content = <p className="loading">Evaluating {summary.name}…</p>;
  else if (!result.ok) content = <ProblemList title={`${summary.file} cannot be evaluated`} problems={result.problems} />;
  else content = <ScenarioView preset={result.preset} sheetName={route.sheet} />;

  return (
    <div className="app">
      <header className="masthead">
        <a className="brand" href={presets?.[0] ? routeHash(presets[0].id) : '#'}>
          tradesheet
        </a>
        <span className="tagline">US–Japan trade talks, 2025 · scenario models</span>
      </header>
      <div className="layout">
        {presets && <PresetList presets={presets} selectedId={selectedId} />}
        <main className="content">{content}</main>
      </div>
      <footer className="colophon">
        Article figures cite the line of “{ARTICLE_TITLE}” they come from; every other number is marked as an assumption.
        Values are rounded for reading.
      </footer>
    </div>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
