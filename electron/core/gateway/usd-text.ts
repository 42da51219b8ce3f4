// Dollar amounts in messages, with enough significant digits to be true: a key with $0.0000005
// left is told "$0.0000005", not "$0.000000", and a refusal never shows what remains and what the
// request could cost as the same figure.

const MAX_DECIMALS = 12;

/** Decimals that show `n` to `significant` digits (at least 2, as cents). */
function decimalsFor(n: number, significant: number): number {
  if (n === 0 || !Number.isFinite(n)) return 2;
  const magnitude = Math.floor(Math.log10(Math.abs(n)));
  return Math.min(MAX_DECIMALS, Math.max(2, significant - 1 - magnitude));
}

function fixed(n: number, decimals: number): string {
  const text = n.toFixed(decimals);
  // Trailing zeros beyond the cents say nothing.
  return text.includes('.') ? text.replace(/(\.\d\d\d*?)0+$/, '$1') : text;
}

/** `$` and `n` to 4 significant digits (cents at least): $12.35, $0.0000005, $0.001235. */
export function usdText(n: number, significant = 4): string {
  if (!Number.isFinite(n)) return '$∞';
  return `$${fixed(n, decimalsFor(n, significant))}`;
}

/** Two amounts shown to the same decimals, more of them until unequal amounts read differently. */
export function usdPair(a: number, b: number): [string, string] {
  let decimals = Math.max(decimalsFor(a, 4), decimalsFor(b, 4));
  while (decimals < MAX_DECIMALS && a !== b && a.toFixed(decimals) === b.toFixed(decimals)) decimals++;
  return [`$${fixed(a, decimals)}`, `$${fixed(b, decimals)}`];
}
