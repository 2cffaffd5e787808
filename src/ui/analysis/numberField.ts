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
