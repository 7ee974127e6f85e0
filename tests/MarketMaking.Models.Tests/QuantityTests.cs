using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class QuantityTests
{
    [Test]
    public void Constructor_NegativeValue_Throws()
    {
        Assert.That(() => new Quantity(-0.1m), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryParse_NegativeText_ReturnsFalseAndDefault()
    {
        var parsed = Quantity.TryParse("-1"u8, out var quantity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed, Is.False);
            Assert.That(quantity, Is.EqualTo(Quantity.Zero));
        }
    }

    [Test]
    public void Subtract_BelowZero_Throws()
    {
        Assert.That(() => Quantity.Parse("1") - Quantity.Parse("2"), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Parse_PaddedWireText_KeepsItsDecimals()
    {
        Assert.That(Quantity.Parse(Encoding.UTF8.GetBytes("0.00100000")).ToString(), Is.EqualTo("0.00100000"));
    }

    [FsCheck.NUnit.Property]
    public bool Format_ThenParse_RoundTripsExactly(decimal value)
    {
        var quantity = new Quantity(Math.Abs(value));
        var text = quantity.ToString();
        return !text.Contains('E', StringComparison.OrdinalIgnoreCase)
            && Quantity.Parse(Encoding.UTF8.GetBytes(text)) == quantity
            && Quantity.Parse(text).ToString() == text;
    }
}
