// The value axis of a chart: a round top (1, 2, 2.5 or 5 times a power of ten) at or above the
// largest value, never zero, so an empty chart still has a finite scale.

const steps = [1, 2, 2.5, 5, 10];

export function niceTop(largest: number): number {
  if (!Number.isFinite(largest) || largest <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  const step = steps.find((candidate) => candidate * power >= largest) ?? 10;
  return step * power;
}

/** The fraction of the axis a value fills, from 0 to 1. */
export function share(value: number, top: number): number {
  if (!Number.isFinite(value) || value <= 0 || top <= 0) return 0;
  return Math.min(1, value / top);
}
