using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class PriceTests
{
    [TestCase("29430.2", "29430.2")]
    [TestCase("0.5660", "0.5660")]
    [TestCase("1e-08", "0.00000001")]
    [TestCase("-12.5", "-12.5")]
    [TestCase("0.10", "0.10")]
    [TestCase("9999999999999999999", "9999999999999999999")]
    [TestCase("12345678901234567890.5", "12345678901234567890.5")]
    [TestCase("-0.0000000001", "-0.0000000001")]
    public void Parse_Utf8InvariantText_FormatsWithoutExponent(string text, string expected)
    {
        var price = Price.Parse(Encoding.UTF8.GetBytes(text));

        Assert.That(price.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(" 1.5")]
    [TestCase("1.5 ")]
    [TestCase("1,5")]
    [TestCase("abc")]
    [TestCase("1.2.3")]
    [TestCase("-")]
    [TestCase(".")]
    [TestCase("1-")]
    public void TryParse_MalformedText_ReturnsFalse(string text)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Price.TryParse(Encoding.UTF8.GetBytes(text), out _), Is.False);
            Assert.That(Price.TryParse(text, null, out _), Is.False);
        }
    }

    [Test]
    public void Parse_MalformedText_ThrowsFormatExceptionNamingTheText()
    {
        Assert.That(() => Price.Parse("12x"), Throws.TypeOf<FormatException>().With.Message.Contains("12x"));
    }

    [Test]
    public void Operators_FollowTheDocumentedResultTypes()
    {
        var bid = Price.Parse("100.5");
        var ask = Price.Parse("101");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ask - bid, Is.EqualTo(Price.Parse("0.5")));
            Assert.That((bid + ask) / 2m, Is.EqualTo(Price.Parse("100.75")));
            Assert.That(bid * Quantity.Parse("2"), Is.EqualTo(201m));
            Assert.That(bid < ask, Is.True);
            Assert.That(Price.Parse("1.10"), Is.EqualTo(Price.Parse("1.1")));
        }
    }

    [FsCheck.NUnit.Property]
    public bool Format_ThenParse_RoundTripsExactly(decimal value)
    {
        var price = new Price(value);
        var text = price.ToString();
        var utf8 = new byte[64];
        var formatted = price.TryFormat(utf8, out var written, default, null);
        return !text.Contains('E', StringComparison.OrdinalIgnoreCase)
            && Price.Parse(text) == price
            && formatted
            && Price.Parse(utf8.AsSpan(0, written)) == price
            && Price.Parse(utf8.AsSpan(0, written)).ToString() == text;
    }
}
