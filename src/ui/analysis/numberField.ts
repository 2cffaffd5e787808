/** Numbers as a person types them in the analysis forms: "50%" is 0.5, "1,200,000" is 1200000. */
export function parseTypedNumber(text: string): number | undefined {
  const trimmed = text.trim().replaceAll(',', '');
  if (trimmed === '') return undefined;
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  if (!Number.isFinite(value)) return undefined;
  return percent ? value / 100 : value;
}

/** The text a field starts with for a value: a percentage where the unit is "%". */
export function typedNumber(value: number, unit: string): string {
  return unit === '%' ? `${Number((value * 100).toPrecision(12))}%` : String(value);
}

/** The values a from/to/steps form asks for, both ends included, or what is wrong with it. */
export function evenlySpacedFields(from: string, to: string, steps: string, maxSteps: number): { values: number[] } | { problem: string } {
  const start = parseTypedNumber(from);
  const end = parseTypedNumber(to);
  const count = Number(steps);
  if (start === undefined || end === undefined) return { problem: 'From and to must be numbers (a percentage such as 50% works too).' };
  if (!Number.isInteger(count) || count < 2 || count > maxSteps) return { problem: `Steps must be a whole number from 2 to ${maxSteps.toLocaleString('en-US')}.` };
  if (start === end) return { problem: 'From and to must differ.' };
  return { values: Array.from({ length: count }, (_, index) => (index === count - 1 ? end : start + ((end - start) * index) / (count - 1))) };
}
