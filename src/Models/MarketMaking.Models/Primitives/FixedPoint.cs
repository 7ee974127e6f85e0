using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // For exact division by 10^k without dividing: the inverse of 5^k modulo 2^64, and the largest quotient by 5^k.
    private static readonly ulong[] s_inversesOfPowersOfFive = CreateInversesOfPowersOfFive();
    private static readonly ulong[] s_largestQuotientByPowerOfFive = [.. Enumerable.Range(0, MaxScale + 1).Select(k => ulong.MaxValue / (ulong)(s_powersOfTen[k] >> k))];

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryToScaled(decimal value, int scale, out long scaled)
    {
        if ((uint)scale > MaxScale)
        {
            scaled = 0;
            return false;
        }

        // Fast paths for a 96-bit mantissa that fits in 63 bits (every price and size a venue sends).
        ref readonly var parts = ref Unsafe.As<decimal, DecimalParts>(ref Unsafe.AsRef(in value));
        var ownScale = (parts.Flags >> 16) & 0xFF;
        if (parts.High == 0 && parts.Low <= long.MaxValue)
        {
            var mantissa = (long)parts.Low;
            if (ownScale <= scale)
            {
                // The decimal's own scale is at most the target scale: multiplied up, when it fits.
                if (mantissa <= s_largestBeforeTimesPowerOfTen[scale - ownScale])
                {
                    scaled = mantissa * s_powersOfTen[scale - ownScale];
                    scaled = parts.Flags < 0 ? -scaled : scaled;
                    return true;
                }

                scaled = 0;
                return false;
            }

            // Trailing zeros beyond the target scale ("61737.63000000" at scale 2, as a venue's wire text gives them):
            // dropped by an integer division.
            if (ownScale - scale > MaxScale)
            {
                return TryToScaledSlowly(value, scale, out scaled);
            }

            if (!TryDivideExactlyByPowerOfTen((ulong)mantissa, ownScale - scale, out var quotient))
            {
                scaled = 0;
                return false;
            }

            scaled = parts.Flags < 0 ? -(long)quotient : (long)quotient;
            return true;
        }

        return TryToScaledSlowly(value, scale, out scaled);
    }

    /// <summary>
    /// Divides by 10^k when the division is exact, without a division instruction (a venue's prices and sizes come with
    /// trailing zeros, and two 64-bit divisions a level were most of a long book message's cost): 10^k is 2^k × 5^k, so
    /// the low k bits must be zero, and the rest times the inverse of 5^k modulo 2^64 is the quotient exactly when it is
    /// at most (2^64 − 1) / 5^k (exact division by an odd number: Granlund and Montgomery, "Division by invariant
    /// integers using multiplication", 1994, §9; Warren, Hacker's Delight, §10-16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDivideExactlyByPowerOfTen(ulong value, int k, out ulong quotient)
    {
        if ((value & ((1UL << k) - 1)) != 0)
        {
            quotient = 0;
            return false;
        }

        quotient = unchecked((value >> k) * s_inversesOfPowersOfFive[k]);
        return quotient <= s_largestQuotientByPowerOfFive[k];
    }

    private static ulong[] CreateInversesOfPowersOfFive()
    {
        var inverses = new ulong[MaxScale + 1];
        ulong power = 1;
        for (var k = 0; k < inverses.Length; k++)
        {
            // Newton's iteration for the inverse modulo 2^64: an odd number is its own inverse to 3 bits, and each
            // step doubles the bits (3, 6, 12, 24, 48, 96).
            var inverse = power;
            for (var step = 0; step < 5; step++)
            {
                inverse = unchecked(inverse * (2 - (power * inverse)));
            }

            inverses[k] = inverse;
            power *= 5;
        }

        return inverses;
    }

    /// <summary>A mantissa of more than 63 bits, or a scale far beyond the target: in decimal arithmetic.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryToScaledSlowly(decimal value, int scale, out long scaled)
    {
        if (Math.Abs(value) > (decimal)long.MaxValue / s_powersOfTen[scale] + 1)
        {
            // Beyond a long at this scale (and the multiplication below could overflow a decimal).
            scaled = 0;
            return false;
        }

        var multiplied = value * s_powersOfTen[scale];
        if (multiplied != decimal.Truncate(multiplied) || multiplied > long.MaxValue || multiplied < long.MinValue)
        {
            scaled = 0;
            return false;
        }

        scaled = (long)multiplied;
        return true;
    }

    /// <summary>
    /// The runtime's layout of a <see cref="decimal"/> (flags with the sign and scale, the mantissa's high 32 and low 64
    /// bits), read in place instead of copied out by <see cref="decimal.GetBits(decimal, Span{int})"/>, which took a
    /// fifth of a book update. <c>FixedPointTests</c> checks the conversions against decimal arithmetic.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct DecimalParts
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
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
