/**
 * The baseline preset's model written by hand as one JavaScript loop over arrays of inputs: the physical
 * limit figure 8c measures the compiled evaluator against. It mirrors the formulas of scenarios/baseline.json
 * (Autos, Rice, Summary) term for term, in the same order of operations, so its doubles equal
 * HyperFormula's; bench figure 8 checks that they do before it times anything.
 */

/** The baseline's inputs in the order the loop reads them. */
export const BASELINE_INPUTS = [
  'JpCarsToUsBase', 'MfnCarTariff', 'AutoTariff', 'ThreatTariff', 'TrqQuotaCars', 'TrqInQuotaTariff', 'CarUnitValue',
  'PassThrough', 'CarDemandElasticity', 'UsCarsToJpBase', 'StandardsBarrier', 'StandardsReform', 'JpCarDemandElasticity',
  'UsCarUnitValue', 'MinimumAccessRice', 'UsShareOfMinimumAccess', 'ClaimedRiceTariff', 'RiceTariffJpyPerKg', 'UsRicePrice',
  'YenPerDollar', 'UsRiceBeyondQuotaBase', 'ExtraUsRice', 'ExtraRiceTariffJpyPerKg',
] as const;

/** The baseline's outputs in Summary's order. */
export const BASELINE_OUTPUTS = [
  'JpCarsToUs', 'JpCarsChange', 'UsTariffOnJpCars', 'AverageUsCarTariff', 'UsCarsToJp', 'CarGapCars', 'CarGapUsd',
  'CarGapChangeUsd', 'UsRiceTaxFree', 'UsRiceBeyondQuota', 'UsRiceExportValue', 'RiceTariffClaim', 'RiceTariffEquivalent',
  'AverageRiceTariff', 'ClaimBreakEvenPrice',
] as const;

export type BaselineInput = (typeof BASELINE_INPUTS)[number];
export type BaselineOutput = (typeof BASELINE_OUTPUTS)[number];

/**
 * Evaluates `count` points: `inputs[name][i]` is input `name` at point i, and each output array receives
 * point i's value. Division by zero gives Infinity or NaN here where the workbook gives #DIV/0!: the bench
 * draws its points inside each input's range, where no divisor is zero.
 */
export function evaluateBaselineByHand(
  inputs: Readonly<Record<BaselineInput, Float64Array>>,
  outputs: Record<BaselineOutput, Float64Array>,
  count: number,
): void {
  const i0 = inputs;
  const o = outputs;
  for (let i = 0; i < count; i += 1) {
    const jpBase = i0.JpCarsToUsBase[i]!;
    const mfn = i0.MfnCarTariff[i]!;
    const unitValue = i0.CarUnitValue[i]!;
    const usBase = i0.UsCarsToJpBase[i]!;
    // Autos
    const b2 = mfn;
    const b3 = mfn + i0.AutoTariff[i]! + i0.ThreatTariff[i]!;
    const b4 = Math.min(mfn + i0.TrqInQuotaTariff[i]! + i0.ThreatTariff[i]!, b3);
    const elasticity = i0.CarDemandElasticity[i]!;
    const passThrough = i0.PassThrough[i]!;
    const b5 = jpBase * (1 + (elasticity * passThrough * (b4 - b2)) / (1 + b2));
    const b6 = jpBase * (1 + (elasticity * passThrough * (b3 - b2)) / (1 + b2));
    const quota = i0.TrqQuotaCars[i]!;
    const b7 = Math.max(0, Math.min(b5, Math.max(b6, quota)));
    const b8 = Math.min(b7, quota);
    const b9 = b7 - b8;
    const b10 = (b8 * b4 + b9 * b3) * unitValue;
    const b11 = b7 > 0 ? b10 / (b7 * unitValue) : b3;
    const b12 = b7 * unitValue;
    const b13 = b7 / jpBase - 1;
    const barrier = i0.StandardsBarrier[i]!;
    const b14 = usBase * (1 + (i0.JpCarDemandElasticity[i]! * (-barrier * i0.StandardsReform[i]!)) / (1 + barrier));
    const b15 = b14 * i0.UsCarUnitValue[i]!;
    const b16 = b7 - b14;
    const b17 = b12 - b15;
    const b18 = jpBase * unitValue - usBase * i0.UsCarUnitValue[i]!;
    // Rice
    const yen = i0.YenPerDollar[i]!;
    const price = i0.UsRicePrice[i]!;
    const tariffKg = i0.RiceTariffJpyPerKg[i]!;
    const claimed = i0.ClaimedRiceTariff[i]!;
    const beyondBase = i0.UsRiceBeyondQuotaBase[i]!;
    const extra = i0.ExtraUsRice[i]!;
    const r2 = i0.MinimumAccessRice[i]! * i0.UsShareOfMinimumAccess[i]!;
    const r3 = beyondBase + extra;
    const r4 = r2 + r3;
    const r5 = r4 * price;
    const r6 = ((beyondBase * tariffKg + extra * i0.ExtraRiceTariffJpyPerKg[i]!) * 1000) / yen;
    const r7 = r5 > 0 ? r6 / r5 : 0;
    const r8 = (tariffKg * 1000) / yen / price;
    const r10 = (tariffKg * 1000) / yen / claimed;
    // Summary
    o.JpCarsToUs[i] = b7;
    o.JpCarsChange[i] = b13;
    o.UsTariffOnJpCars[i] = b10;
    o.AverageUsCarTariff[i] = b11;
    o.UsCarsToJp[i] = b14;
    o.CarGapCars[i] = b16;
    o.CarGapUsd[i] = b17;
    o.CarGapChangeUsd[i] = b17 - b18;
    o.UsRiceTaxFree[i] = r2;
    o.UsRiceBeyondQuota[i] = r3;
    o.UsRiceExportValue[i] = r5;
    o.RiceTariffClaim[i] = claimed;
    o.RiceTariffEquivalent[i] = r8;
    o.AverageRiceTariff[i] = r7;
    o.ClaimBreakEvenPrice[i] = r10;
  }
}
