import { ChainTrail } from './ChainTrail';
import type { PresetView } from './engine';
import { InputsTable } from './InputsTable';
import { OutputCards } from './OutputCards';
import { ScenarioChanges } from './ScenarioChanges';
import { SheetGrid } from './SheetGrid';
import { SheetTabs } from './SheetTabs';

interface Props {
  preset: PresetView;
  /** The sheet the URL asks for; the first sheet when it names none or one this preset lacks. */
  sheetName: string | null;
}

/** One preset, evaluated: what it is, its key outputs, the inputs behind them, and the sheets that compute them. */
export function ScenarioView({ preset, sheetName }: Props) {
  const sheet = preset.sheets.find((candidate) => candidate.name === sheetName) ?? preset.sheets[0];
  return (
    <article className="scenario" data-preset={preset.id}>
      <title>{`${preset.name} · tradesheet`}</title>
      <header className="scenario-head">
        <h1>{preset.name}</h1>
        {preset.description && <p className="description">{preset.description}</p>}
        <div className="scenario-meta">
          <ChainTrail chain={preset.chain} />
          <code className="file">{preset.file}</code>
        </div>
        <ScenarioChanges inputs={preset.inputs} chain={preset.chain} />
      </header>

      <section aria-labelledby="outputs-title">
        <h2 id="outputs-title" className="section-title">Key outputs</h2>
        <OutputCards outputs={preset.outputs} />
      </section>

      <section aria-labelledby="inputs-title">
        <h2 id="inputs-title" className="section-title">Inputs and their sources</h2>
        <InputsTable inputs={preset.inputs} chain={preset.chain} />
      </section>

      <section aria-labelledby="sheets-title" className="sheets">
        <h2 id="sheets-title" className="section-title">Sheets</h2>
        <p className="section-note">
          Evaluated values. Hover a cell to read its formula; <span className="swatch swatch-input" /> input cells,{' '}
          <span className="swatch swatch-output" /> output cells.
        </p>
        {sheet ? (
          <>
            <SheetTabs presetId={preset.id} sheets={preset.sheets.map((candidate) => candidate.name)} selected={sheet.name} />
            <SheetGrid key={sheet.name} sheet={sheet} />
          </>
        ) : (
          <p className="muted">This scenario has no sheets.</p>
        )}
      </section>
    </article>
  );
}
