/**
 * Array constants ({1,2;3,4}) in formula text. Excel allows only constants in them. HyperFormula 3.5.0
 * parses a reference, a name or a formula inside one, but does not make the cell depend on what it
 * refers to: the value goes stale when that cell changes, and a workbook where the referred cell is a
 * formula cannot be built at all ("Value of the formula cell is not computed", as in
 * handsontable/hyperformula#1479), so saved work holding one would not open again.
 */

const CONSTANT = new RegExp(
  [
    /[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?%?/.source,
    /"(?:[^"]|"")*"/.source,
    /TRUE|FALSE/.source,
    /#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!)/.source,
  ]
    .map((alternative) => `(?:${alternative})`)
    .join('|'),
  'i',
);
const ITEM = new RegExp(`^\\s*(?:${CONSTANT.source})?\\s*$`, 'i');

/** The items of an array constant's text (between its braces), split at , and ; outside quotes. */
function items(body: string): string[] {
  const found: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';')) {
      found.push(body.slice(start, index));
      start = index + 1;
    }
  }
  found.push(body.slice(start));
  return found;
}

/** Why a formula's array constant is refused, or undefined when each holds constants only (or it has none). */
export function arrayConstantProblem(formula: string): string | undefined {
  if (!formula.includes('{')) return undefined;
  // Outside an array constant, text in "…" and sheet names in '…' may hold braces of their own.
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < formula.length; index += 1) {
    const char = formula[index];
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      continue;
    }
    if (char !== '{') continue;
    const end = closingBrace(formula, index + 1);
    // An unclosed brace is a formula HyperFormula cannot parse: it keeps the text and shows #ERROR!.
    if (end === undefined) return undefined;
    const body = formula.slice(index + 1, end);
    const item = items(body).find((text) => !ITEM.test(text));
    if (item !== undefined) {
      return `an array constant holds numbers, text, TRUE, FALSE or errors only, as in Excel: {${body}} holds "${item.trim()}" (refer to the cells themselves, e.g. =A1:B2 instead of ={A1,B1;A2,B2})`;
    }
    index = end;
  }
  return undefined;
}

function closingBrace(formula: string, from: number): number | undefined {
  let quoted = false;
  for (let index = from; index < formula.length; index += 1) {
    const char = formula[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '}') return index;
  }
  return undefined;
}

/** Why a cell's content must not reach HyperFormula as it is, or undefined: only formulas are looked at. */
export function cellContentProblem(content: unknown): string | undefined {
  return typeof content === 'string' && content.startsWith('=') ? arrayConstantProblem(content) : undefined;
}
