/**
 * Exact decimal arithmetic for money: amounts are bigints at a fixed decimal scale (an amount `v`
 * at scale `s` means `v / 10^s`). No binary floating point touches a price, a cost or a sum.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Parses a decimal (`"0.000001"`, `"1e-7"`, `"12"`) into an integer at `scale`. Returns null when
 * the text is not a decimal or has more fraction digits than `scale` holds (nothing is rounded away).
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return null;
  const digits = (int + frac).replace(/^0+(?=\d)/, '') || '0';
  // value = digits × 10^(exp − frac.length); at `scale`: digits × 10^(exp − frac.length + scale)
  const shift = Number(exp) - frac.length + scale;
  let v: bigint;
  if (shift >= 0) {
    if (shift > 60) return null;
    v = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const cut = digits.length + shift;
    const dropped = cut > 0 ? digits.slice(cut) : digits;
    if (/[^0]/.test(dropped)) return null;
    v = cut > 0 ? BigInt(digits.slice(0, cut)) : 0n;
  }
  return sign === '-' ? -v : v;
}

/** Decimal text of `value / 10^scale`: trailing fraction zeros dropped, at least `minFraction` digits kept. */
export function formatDecimal(value: bigint | number, scale: number, minFraction = 0): string {
  if (scale === 0) return value.toString();
  const neg = value < 0n;
  const s = (neg ? -value : value).toString().padStart(scale + 1, '0');
  const cut = s.length - scale;
  let end = s.length;
  while (end > cut + minFraction && s.charCodeAt(end - 1) === 48) end--;
  return `${neg ? '-' : ''}${s.slice(0, cut)}${end > cut ? `.${s.slice(cut, end)}` : ''}`;
}

/**
 * `value` at scale `from` → scale `to`, rounding half to even ("banker's rounding") when digits
 * are dropped: ties go to the even neighbour, so rounding errors do not drift one way.
 */
export function rescaleHalfEven(value: bigint, from: number, to: number): bigint {
  if (to >= from) return value * 10n ** BigInt(to - from);
  const d = 10n ** BigInt(from - to);
  const neg = value < 0n;
  const abs = neg ? -value : value;
  let q = abs / d;
  const r = abs % d;
  if (r * 2n > d || (r * 2n === d && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}

const MINOR_UNITS = new Map<string, number>();

/** Digits after the decimal point of a currency's minor unit (ISO 4217 via Intl): USD 2, JPY 0, BHD 3. */
export function minorUnits(currency: string): number {
  let digits = MINOR_UNITS.get(currency);
  if (digits === undefined) {
    try {
      // a formatter takes about a millisecond to build: once per currency
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (MINOR_UNITS.size < 1000) MINOR_UNITS.set(currency, digits);
  }
  return digits;
}
