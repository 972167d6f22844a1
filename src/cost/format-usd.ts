const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * Formats dollars for people: cents from $1 up (`$1.20`, `$1,234.50`), up to four decimals below
 * (`$0.0123`, `$0.50`), two significant digits for amounts smaller than that (`$0.000045`), and
 * `unknown` when the cost is unknown.
 *
 * @example
 * formatUsd(result.cost.usd); // '$0.0123'
 */
export function formatUsd(usd: number | undefined): string {
  if (usd === undefined || Number.isNaN(usd)) return 'unknown';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd >= 1) return WHOLE_DOLLARS.format(usd);
  if (usd === 0) return '$0.00';
  if (usd < 0.00005) return `$${trimZeros(usd.toFixed(Math.max(4, 1 - Math.floor(Math.log10(usd)))))}`;
  const fixed = trimZeros(usd.toFixed(4));
  // Rounding 0.99996 to four decimals gives 1.0000: show it as a whole-dollar amount.
  return fixed.startsWith('1') ? WHOLE_DOLLARS.format(1) : `$${fixed}`;
}

/** Drops trailing zeros beyond the cents: `0.5000` → `0.50`, `0.0120` → `0.012`. */
function trimZeros(fixed: string): string {
  const [whole, fraction = ''] = fixed.split('.');
  let end = fraction.length;
  while (end > 2 && fraction[end - 1] === '0') end -= 1;
  return `${whole}.${fraction.slice(0, end)}`;
}
