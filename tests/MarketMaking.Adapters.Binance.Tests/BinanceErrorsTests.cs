using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>Binance's error answers mapped to the platform's kinds, as the errors page of its docs lists them (docs/adapters/binance.md).</summary>
public sealed class BinanceErrorsTests
{
    [TestCase(-1021, "Timestamp for this request is outside of the recvWindow.", 400, VenueErrorKind.InvalidNonce, true)]
    [TestCase(-2010, "Order would immediately match and take.", 400, VenueErrorKind.PostOnlyWouldCross, false)]
    [TestCase(-2010, "Duplicate order sent.", 400, VenueErrorKind.DuplicateClientOrderId, false)]
    [TestCase(-2010, "Account has insufficient balance for requested action.", 400, VenueErrorKind.InsufficientFunds, false)]
    [TestCase(-2011, "Unknown order sent.", 400, VenueErrorKind.UnknownOrder, false)]
    [TestCase(-1013, "Filter failure: PRICE_FILTER", 400, VenueErrorKind.InvalidPrice, false)]
    [TestCase(-1013, "Filter failure: LOT_SIZE", 400, VenueErrorKind.InvalidQuantity, false)]
    [TestCase(-1022, "Signature for this request is not valid.", 400, VenueErrorKind.AuthenticationFailed, false)]
    [TestCase(-1121, "Invalid symbol.", 400, VenueErrorKind.UnknownInstrument, false)]
    [TestCase(-1003, "Too much request weight used; current limit is 6000 request weight per 1 MINUTE.", 429, VenueErrorKind.RateLimited, true)]
    [TestCase(-1003, "Way too much request weight used; IP banned until 1659146400000.", 418, VenueErrorKind.RateLimited, true)]
    [TestCase(-1008, "Server is currently overloaded with other requests. Please try again in a few minutes.", 503, VenueErrorKind.ServiceUnavailable, true)]
    [TestCase(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.", 400, VenueErrorKind.PostOnlyWouldCross, false)]
    public void AnErrorAnswer_IsMappedByItsCode(int code, string message, int status, VenueErrorKind kind, bool transient)
    {
        var error = BinanceErrors.Read(Encoding.UTF8.GetBytes($"{{\"code\":{code},\"msg\":\"{message}\"}}"), status)!;

        Assert.That((error.Kind, error.IsTransient, error.VenueCode, error.Message), Is.EqualTo((kind, transient, $"Binance {code}", message)));
    }

    [Test]
    public void ARateLimitAnswer_CarriesItsRetryAfter_AndABodyThatIsNotJson_IsAMalformedResponse()
    {
        var limited = BinanceErrors.Read("{\"code\":-1003,\"msg\":\"Too much request weight used.\"}"u8, 429, TimeSpan.FromSeconds(30))!;
        var garbled = BinanceErrors.Read("<html>502 Bad Gateway</html>"u8, 502)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(limited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(garbled.Kind, Is.EqualTo(VenueErrorKind.MalformedResponse));
            Assert.That(BinanceErrors.Read("{\"orderId\":1}"u8, 200), Is.Null, "an answer without an error code is no error");
        }
    }
}
