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
    public void TryToScaled_AValueOffTheScaleOrOutOfRange_IsRefused(string text, int scale)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Multiple(() =>
        {
            Assert.That(FixedPoint.TryToScaled(value, scale, out var scaled), Is.False);
            Assert.That(scaled, Is.Zero);
        });
    }
}
