using System.Text;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Private <c>order</c> messages read into order updates, on a message with the fields the docs list
/// (https://bybit-exchange.github.io/docs/v5/websocket/private/order), and the retCodes mapped.
/// </summary>
public sealed class BybitOrderMessageTests
{
    private static readonly VenueId s_bybit = VenueId.Create("bybit-linear");

    [Test]
    public void APartlyFilledPostOnlyOrder_CarriesItsCumulativeFill_AveragePrice_AndLink()
    {
        var update = BybitOrderMessage.Parse(Message("PartiallyFilled", "PostOnly", cumExecQty: "0.003", avgPrice: "61500.5"), s_bybit, 7).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((update.VenueOrderId.Value, update.ClientOrderId?.Value, update.Instrument?.Value), Is.EqualTo(("5cf98598-39a7-459e-97bf-76ca765ee020", "mm-b1", "BTCUSDT")));
            Assert.That((update.Status, update.Side, update.OrderType), Is.EqualTo((OrderStatus.PartiallyFilled, (Side?)Side.Buy, (OrderType?)OrderType.Limit)));
            Assert.That((update.Quantity, update.FilledQuantity, update.AveragePrice, update.LimitPrice), Is.EqualTo(((Quantity?)new Quantity(0.005m), (Quantity?)new Quantity(0.003m), (Price?)new Price(61500.5m), (Price?)new Price(61500.5m))));
            Assert.That((update.PostOnly, update.Reason, update.TsEvent, update.TsInit), Is.EqualTo(((bool?)true, (string?)null, 1_723_161_255_030_000_000L, 7L)));
        }
    }

    [Test]
    public void ACrossingPostOnlyOrder_EndsCanceled_WithBybitsReason_AndAnUnknownStatusIsRefused()
    {
        var canceled = BybitOrderMessage.Parse(Message("Cancelled", "PostOnly", rejectReason: "EC_PostOnlyWillTakeLiquidity"), s_bybit, 7).Single();

        Assert.That((canceled.Status, canceled.Reason, canceled.FilledQuantity), Is.EqualTo((OrderStatus.Canceled, (string?)"EC_PostOnlyWillTakeLiquidity", (Quantity?)new Quantity(0m))));
        Assert.That(() => BybitOrderMessage.Parse(Message("Sleeping", "GTC"), s_bybit, 7), Throws.TypeOf<System.Text.Json.JsonException>().With.Message.Contains("Sleeping"));
    }

    [TestCase(10006, VenueErrorKind.RateLimited, true)]
    [TestCase(10002, VenueErrorKind.InvalidNonce, true)]
    [TestCase(10004, VenueErrorKind.AuthenticationFailed, false)]
    [TestCase(110001, VenueErrorKind.UnknownOrder, false)]
    [TestCase(110072, VenueErrorKind.DuplicateClientOrderId, false)]
    [TestCase(170218, VenueErrorKind.PostOnlyWouldCross, false)]
    [TestCase(10016, VenueErrorKind.ServiceUnavailable, true)]
    public void RetCodes_MapToTheirKinds(int code, VenueErrorKind kind, bool transient)
    {
        var error = BybitErrors.Map(code, "from the docs' table");

        Assert.That((error.Kind, error.IsTransient, error.VenueCode), Is.EqualTo((kind, transient, $"Bybit {code}")));
    }

    private static byte[] Message(string status, string timeInForce, string cumExecQty = "0", string avgPrice = "", string rejectReason = "EC_NoError") => Encoding.UTF8.GetBytes($$"""
        {"id":"5923240c6880ab-c59f-420b-9adb-3639adc9dd90","topic":"order","creationTime":1723161255031,"data":[{
          "category":"linear","orderId":"5cf98598-39a7-459e-97bf-76ca765ee020","orderLinkId":"mm-b1","symbol":"BTCUSDT",
          "side":"Buy","orderType":"Limit","price":"61500.5","qty":"0.005","timeInForce":"{{timeInForce}}",
          "orderStatus":"{{status}}","rejectReason":"{{rejectReason}}","avgPrice":"{{avgPrice}}","leavesQty":"0.002",
          "cumExecQty":"{{cumExecQty}}","cumExecValue":"184.5015","cumExecFee":"0.0369","positionIdx":0,"reduceOnly":false,
          "createdTime":"1723161254000","updatedTime":"1723161255030"}]}
        """);
}
