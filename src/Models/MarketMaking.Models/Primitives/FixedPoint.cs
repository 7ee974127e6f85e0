namespace MarketMaking.Models;

/// <summary>
/// Conversions between <see cref="decimal"/> and integers scaled by a power of ten (a value with
/// <c>scale</c> decimals stored as <c>value × 10^scale</c>), used to keep book and quote maths in integers.
/// </summary>
public static class FixedPoint
{
    /// <summary>The largest supported scale (decimals): 10^18 still fits in a <see cref="long"/>.</summary>
    public const int MaxScale = 18;

    private static readonly long[] s_powersOfTen = CreatePowersOfTen();

    // The largest mantissa that times 10^k still fits in a long: a table, so that the conversion divides by nothing.
    private static readonly long[] s_largestBeforeTimesPowerOfTen = [.. s_powersOfTen.Select(power => long.MaxValue / power)];

    /// <summary>Returns 10^<paramref name="exponent"/> as a <see cref="long"/>.</summary>
    /// <param name="exponent">0 to <see cref="MaxScale"/>.</param>
    /// <returns>The power of ten.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exponent"/> is outside 0..18.</exception>
    public static long PowerOfTen(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, MaxScale);
        return s_powersOfTen[exponent];
    }

    /// <summary>Returns the decimal <paramref name="scaled"/> × 10^-<paramref name="scale"/>, carrying exactly <paramref name="scale"/> decimals.</summary>
    /// <param name="scaled">The scaled integer.</param>
    /// <param name="scale">The number of decimals, 0 to <see cref="MaxScale"/>.</param>
    /// <returns>The decimal value; for example (29430_2, 1) gives 29430.2 and (100000, 8) gives 0.00100000.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is outside 0..18.</exception>
    public static decimal ToDecimal(long scaled, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        var negative = scaled < 0;
        var magnitude = negative ? (ulong)-scaled : (ulong)scaled;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, (byte)scale);
    }

    /// <summary>Tries to express <paramref name="value"/> exactly as an integer scaled by 10^<paramref name="scale"/>.</summary>
    /// <param name="value">The decimal value.</param>
    /// <param name="scale">The number of decimals, 0 to <see cref="MaxScale"/>.</param>
    /// <param name="scaled">The scaled integer when the conversion is exact.</param>
    /// <returns><see langword="false"/> when <paramref name="value"/> has more significant decimals than <paramref name="scale"/> or does not fit in a <see cref="long"/>.</returns>
    public static bool TryToScaled(decimal value, int scale, out long scaled)
    {
        if ((uint)scale > MaxScale)
        {
            scaled = 0;
            return false;
        }

        // Fast path: the decimal's own scale is at most the target scale and its 96-bit mantissa fits in 63 bits.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var ownScale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && bits[1] >= 0 && ownScale <= scale)
        {
            var mantissa = ((long)bits[1] << 32) | (uint)bits[0];
            if (mantissa <= s_largestBeforeTimesPowerOfTen[scale - ownScale])
            {
                scaled = mantissa * s_powersOfTen[scale - ownScale];
                if (bits[3] < 0)
                {
                    scaled = -scaled;
                }

                return true;
            }

            scaled = 0;
            return false;
        }

        // Trailing zeros beyond the target scale ("61737.63000000" at scale 2, as a venue's wire text gives them):
        // dropped by an integer division when the mantissa fits in 63 bits.
        if (bits[2] == 0 && bits[1] >= 0 && ownScale - scale <= MaxScale)
        {
            var mantissa = ((long)bits[1] << 32) | (uint)bits[0];
            var quotient = Math.DivRem(mantissa, s_powersOfTen[ownScale - scale], out var remainder);
            scaled = remainder != 0 ? 0 : bits[3] < 0 ? -quotient : quotient;
            return remainder == 0;
        }

        // Slow path: a mantissa of more than 63 bits.
        var multiplied = value * s_powersOfTen[scale];
        if (multiplied != decimal.Truncate(multiplied) || multiplied > long.MaxValue || multiplied < long.MinValue)
        {
            scaled = 0;
            return false;
        }

        scaled = (long)multiplied;
        return true;
    }

    private static long[] CreatePowersOfTen()
    {
        var powers = new long[MaxScale + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
