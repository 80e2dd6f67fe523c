/** Median and spread (min..max, and the half-range relative to the median) of a few rounds. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / 2 / median: how far the rounds are from agreeing. */
  spread: number;
  rounds: number[];
}

export function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { median, min, max, spread: median ? (max - min) / 2 / median : 0, rounds: values };
}

export function median(values: number[]): number {
  return summarise(values).median;
}
