using System.Numerics;
using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

/// <summary>Decimals to integers scaled by a power of ten: exact or refused, whatever the decimal's own scale.</summary>
public sealed class FixedPointTests
{
    [TestCase("61737.63000000", 2, 6173763L, TestName = "TryToScaled_TrailingZerosBeyondTheScale_AreDropped(Binance's wire text)")]
    [TestCase("0.10000", 1, 1L)]
    [TestCase("-1.2300", 2, -123L)]
    [TestCase("42", 3, 42000L)]
    [TestCase("0.00000000", 2, 0L)]
    [TestCase("92233720368.54775807", 8, long.MaxValue)]
    public void TryToScaled_AValueOnTheScale_GivesItsExactScaledInteger(string text, int scale, long expected)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(FixedPoint.TryToScaled(value, scale, out var scaled), Is.True);
            Assert.That(scaled, Is.EqualTo(expected));
        });
    }

    [TestCase("61737.63500000", 2, TestName = "TryToScaled_ADigitBeyondTheScale_IsRefused(trailing text)")]
    [TestCase("0.15", 1)]
    [TestCase("-0.001", 2)]
    [TestCase("92233720368.54775808", 8, TestName = "TryToScaled_BeyondALong_IsRefused")]
    [TestCase("79228162514264337593543950335", 0, TestName = "TryToScaled_AMantissaOfMoreThan64Bits_IsRefused")]
    [TestCase("79228162514264337593543950335", 18, TestName = "TryToScaled_AValueWhoseScaledFormOverflowsADecimal_IsRefused")]
    public void TryToScaled_AValueOffTheScaleOrOutOfRange_IsRefused(string text, int scale)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(FixedPoint.TryToScaled(value, scale, out var scaled), Is.False);
            Assert.That(scaled, Is.Zero);
        });
    }

    [Test]
    public void TryToScaled_AgreesWithDecimalArithmetic_Over100000SeededRandomDecimals()
    {
        // Mantissas of every width up to 96 bits, both signs, own scales 0 to 28, target scales 0 to 18: the conversion
        // reads the decimal's parts in place, so this also checks that layout.
        var random = new Random(20261203);
        for (var n = 0; n < 100_000; n++)
        {
            var bits = random.Next(1, 97);
            var low = bits >= 64 ? random.NextInt64() : random.NextInt64(0, 1L << Math.Min(bits, 62));
            var value = new decimal((int)low, (int)(low >> 32), bits > 64 ? random.Next() >> (96 - bits) : 0, random.Next(2) == 0, (byte)random.Next(0, 29));
            var scale = random.Next(0, FixedPoint.MaxScale + 1);

            // The model in big integers: value × 10^scale = ±mantissa × 10^scale / 10^ownScale.
            var parts = decimal.GetBits(value);
            var mantissa = new BigInteger((uint)parts[0]) | (new BigInteger((uint)parts[1]) << 32) | (new BigInteger((uint)parts[2]) << 64);
            var quotient = BigInteger.DivRem(mantissa * BigInteger.Pow(10, scale), BigInteger.Pow(10, (parts[3] >> 16) & 0xFF), out var remainder);
            quotient = parts[3] < 0 ? -quotient : quotient;
            var exact = remainder.IsZero && quotient >= long.MinValue && quotient <= long.MaxValue;

            Assert.That(
                (FixedPoint.TryToScaled(value, scale, out var scaled), scaled),
                Is.EqualTo((exact, exact ? (long)quotient : 0L)),
                $"case {n}: {value} at scale {scale}");
        }
    }

    [Test]
    public void TryToScaled_AgreesWithDecimalArithmetic_OnValuesWithTrailingZeros_AsVenuesSendThem()
    {
        // "61737.63000000": a mantissa that is a whole multiple of a power of ten, or just off one, given with more
        // decimals than the target scale, so that the division by a power of ten is exact or just not.
        var random = new Random(20261204);
        var exactCases = 0;
        for (var n = 0; n < 100_000; n++)
        {
            var zeros = random.Next(0, 19);
            var power = (long)BigInteger.Pow(10, zeros);
            var multiple = random.NextInt64(0, long.MaxValue / power) * power;
            var low = multiple + (random.Next(4) == 0 ? random.Next(-2, 3) : 0);
            if (low < 0)
            {
                continue;
            }

            var value = new decimal((int)low, (int)(low >> 32), 0, random.Next(2) == 0, (byte)random.Next(0, 29));
            var scale = random.Next(0, FixedPoint.MaxScale + 1);
            var ownScale = (decimal.GetBits(value)[3] >> 16) & 0xFF;
            var quotient = BigInteger.DivRem(new BigInteger(low) * BigInteger.Pow(10, scale), BigInteger.Pow(10, ownScale), out var remainder);
            quotient = value < 0 ? -quotient : quotient;
            var exact = remainder.IsZero && quotient >= long.MinValue && quotient <= long.MaxValue;
            exactCases += exact && ownScale > scale ? 1 : 0;

            Assert.That(
                (FixedPoint.TryToScaled(value, scale, out var scaled), scaled),
                Is.EqualTo((exact, exact ? (long)quotient : 0L)),
                $"case {n}: {value} at scale {scale}");
        }

        Assert.That(exactCases, Is.GreaterThan(10_000), "exact divisions by a power of ten were exercised");
    }
}
