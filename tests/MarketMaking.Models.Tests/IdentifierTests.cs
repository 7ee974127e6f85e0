using MarketMaking.Models;

namespace MarketMaking.Models.Tests;

public sealed class IdentifierTests
{
    [TestCase("mm-1a2b3c", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("é", false)]
    public void ClientOrderId_TryCreate_AcceptsPrintableAscii(string text, bool expected)
    {
        Assert.That(ClientOrderId.TryCreate(text, out _), Is.EqualTo(expected));
    }

    [Test]
    public void Create_TooLong_ThrowsWithLength()
    {
        Assert.That(() => VenueId.Create(new string('a', 33)), Throws.ArgumentException.With.Message.Contains("at most 32"));
    }
}
