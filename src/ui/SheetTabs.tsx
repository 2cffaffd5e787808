import { routeHash } from './useHashRoute';

interface Props {
  presetId: string;
  sheets: readonly string[];
  selected: string;
}

/** The sheet picker, as the tabs of a spreadsheet; each tab is a link, so a sheet can be bookmarked. */
export function SheetTabs({ presetId, sheets, selected }: Props) {
  return (
    <nav className="sheet-tabs" aria-label="Sheets">
      <ul>
        {sheets.map((sheet) => (
          <li key={sheet}>
            <a href={routeHash(presetId, sheet)} aria-current={sheet === selected ? 'page' : undefined} data-sheet={sheet}>
              {sheet}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
