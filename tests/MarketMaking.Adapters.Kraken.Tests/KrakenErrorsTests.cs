using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken.Tests;

public sealed class KrakenErrorsTests
{
    // Every string of docs/kraken.md §5, with the kind and transient flag the adapter acts on.
    [TestCase("EAPI:Invalid nonce", VenueErrorKind.InvalidNonce, true)]
    [TestCase("EAPI:Invalid signature", VenueErrorKind.AuthenticationFailed, false)]
    [TestCase("EAPI:Invalid key", VenueErrorKind.AuthenticationFailed, false)]
    [TestCase("EGeneral:Permission denied", VenueErrorKind.PermissionDenied, false)]
    [TestCase("EGeneral:Invalid arguments", VenueErrorKind.InvalidRequest, false)]
    [TestCase("EGeneral:Invalid arguments:ordertype", VenueErrorKind.InvalidRequest, false)]
    [TestCase("EGeneral:Temporary lockout", VenueErrorKind.RateLimited, true)]
    [TestCase("EAPI:Rate limit exceeded", VenueErrorKind.RateLimited, true)]
    [TestCase("EService:Throttled: 1700000000", VenueErrorKind.RateLimited, true)]
    [TestCase("EService:Unavailable", VenueErrorKind.ServiceUnavailable, true)]
    [TestCase("EService:Busy", VenueErrorKind.ServiceUnavailable, true)]
    [TestCase("EService:Market in cancel_only mode", VenueErrorKind.ServiceUnavailable, true)]
    [TestCase("EService:Market in post_only mode", VenueErrorKind.ServiceUnavailable, true)]
    [TestCase("EService:Deadline elapsed", VenueErrorKind.Timeout, true)]
    [TestCase("EOrder:Rate limit exceeded", VenueErrorKind.RateLimited, true)]
    [TestCase("EOrder:Domain rate limit exceeded", VenueErrorKind.RateLimited, true)]
    [TestCase("EOrder:Orders limit exceeded", VenueErrorKind.OrderLimitExceeded, false)]
    [TestCase("EOrder:Insufficient funds", VenueErrorKind.InsufficientFunds, false)]
    [TestCase("EOrder:Order minimum not met", VenueErrorKind.InvalidQuantity, false)]
    [TestCase("EOrder:Cost minimum not met", VenueErrorKind.InvalidQuantity, false)]
    [TestCase("EOrder:Tick size check failed", VenueErrorKind.InvalidPrice, false)]
    [TestCase("EOrder:Invalid price", VenueErrorKind.InvalidPrice, false)]
    [TestCase("EOrder:Unknown order", VenueErrorKind.UnknownOrder, false)]
    [TestCase("EOrder:Post only order", VenueErrorKind.PostOnlyWouldCross, false)]
    [TestCase("EQuery:Unknown asset pair", VenueErrorKind.UnknownInstrument, false)]
    [TestCase("ESession:Invalid session", VenueErrorKind.AuthenticationFailed, false)]
    public void Map_DocumentedString_GivesItsKind(string error, VenueErrorKind kind, bool isTransient)
    {
        var mapped = KrakenErrors.Map(error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mapped.Kind, Is.EqualTo(kind));
            Assert.That(mapped.IsTransient, Is.EqualTo(isTransient));
            Assert.That(mapped.VenueCode, Is.EqualTo(error));
            Assert.That(mapped.Message, Does.Contain(error));
        }
    }

    [Test]
    public void Map_UnknownString_KeepsItAsUnspecifiedAndNotTransient()
    {
        var mapped = KrakenErrors.Map("EFoo:Something new");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mapped.Kind, Is.EqualTo(VenueErrorKind.Unspecified));
            Assert.That(mapped.IsTransient, Is.False);
            Assert.That(mapped.VenueCode, Is.EqualTo("EFoo:Something new"));
        }
    }
}
