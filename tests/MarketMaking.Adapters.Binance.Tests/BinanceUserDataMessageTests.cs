using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// Spot user data events read into the platform's, from the docs' samples (tests/fixtures/binance,
/// binance/binance-spot-api-docs @ a5e0bc3 user-data-stream.md) and variants of them: a new order, a trade, a cancel
/// naming the original client id, a balance, and what is not read.
/// </summary>
public sealed class BinanceUserDataMessageTests
{
    private static readonly VenueId s_binance = VenueId.Create("binance");

    [Test]
    public void TheDocsNewOrderReport_IsAnAcceptedOrderUpdate_WithoutAFill()
    {
        var events = Parse(File.ReadAllText(RepoPaths.Fixture("binance/uds-spot-executionReport.json")));

        var update = (OrderUpdate)events.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((update.VenueOrderId.Value, update.ClientOrderId?.Value, update.Status), Is.EqualTo(("4293153", "mUvoqJxFIILMdfAW5iGSOW", OrderStatus.Accepted)));
            Assert.That((update.Instrument?.Value, update.Side, update.OrderType), Is.EqualTo(("ETHBTC", Side.Buy, OrderType.Limit)));
            Assert.That((update.LimitPrice?.Value, update.Quantity?.Value, update.FilledQuantity?.Value, update.AveragePrice), Is.EqualTo((0.10264410m, 1m, 0m, (Price?)null)));
            Assert.That((update.TsEvent, update.TsInit), Is.EqualTo((1_499_405_658_658_000_000L, 7L)), "E in ns; the receive time");
            Assert.That(update.Reason, Is.Null, "r = NONE");
        }
    }

    [Test]
    public void ATradeReport_IsTheOrdersUpdateThenItsFill_WithFeeLiquidityAndAveragePrice()
    {
        var report = Fixture();
        var e = report["event"]!;
        (e["x"], e["X"], e["l"], e["z"], e["L"], e["Z"], e["n"], e["N"], e["t"], e["m"], e["T"]) =
            ("TRADE", "PARTIALLY_FILLED", "0.40000000", "0.40000000", "0.10260000", "0.04104000", "0.00040000", "ETH", 12345, true, 1499405658700);

        var events = Parse(report.ToJsonString());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(v => v.GetType().Name), Is.EqualTo(new[] { nameof(OrderUpdate), nameof(FillEvent) }), "the order's state first, then its fill");
            var update = (OrderUpdate)events[0];
            Assert.That((update.Status, update.FilledQuantity?.Value, update.AveragePrice?.Value), Is.EqualTo((OrderStatus.PartiallyFilled, 0.4m, 0.1026m)), "average = Z / z");
            var fill = (FillEvent)events[1];
            Assert.That((fill.TradeId.Value, fill.Price.Value, fill.Quantity.Value, fill.Side), Is.EqualTo(("12345", 0.1026m, 0.4m, Side.Buy)));
            Assert.That((fill.Fee, fill.FeeAsset?.Value, fill.Liquidity, fill.OrderStatus), Is.EqualTo((0.0004m, "ETH", LiquiditySide.Maker, (OrderStatus?)OrderStatus.PartiallyFilled)));
            Assert.That((fill.ClientOrderId?.Value, fill.TsEvent), Is.EqualTo(("mUvoqJxFIILMdfAW5iGSOW", 1_499_405_658_700_000_000L)), "the trade's time T");
        }
    }

    [Test]
    public void ACancelReport_NamesTheOrderByItsOriginalClientId()
    {
        var report = Fixture();
        var e = report["event"]!;
        (e["x"], e["X"], e["c"], e["C"]) = ("CANCELED", "CANCELED", "cancel-request-7", "mUvoqJxFIILMdfAW5iGSOW");

        var update = (OrderUpdate)Parse(report.ToJsonString()).Single();

        Assert.That((update.Status, update.ClientOrderId?.Value), Is.EqualTo((OrderStatus.Canceled, "mUvoqJxFIILMdfAW5iGSOW")));
    }

    [Test]
    public void TheDocsAccountUpdate_IsABalancePerAsset_FreePlusLocked()
    {
        var balance = (BalanceUpdate)Parse(File.ReadAllText(RepoPaths.Fixture("binance/uds-spot-outboundAccountPosition.json"))).Single();

        Assert.That((balance.Asset.Value, balance.Total, balance.Available, balance.TsEvent), Is.EqualTo(("ETH", 10_000m, (decimal?)10_000m, 1_564_034_571_105_000_000L)));
    }

    [Test]
    public void AnotherEvent_GivesNothing_AndAReportWithoutItsOrderId_IsRefusedNamingTheField()
    {
        var report = Fixture();
        report["event"]!.AsObject().Remove("i");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Parse("{\"subscriptionId\":0,\"event\":{\"e\":\"listStatus\",\"E\":1}}"), Is.Empty);
            Assert.That(Assert.Throws<JsonException>(() => Parse(report.ToJsonString()))!.Message, Is.EqualTo("The event needs the whole number i"));
        }
    }

    private static JsonNode Fixture() => JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("binance/uds-spot-executionReport.json")))!;

    private static IReadOnlyList<VenueEvent> Parse(string json) => BinanceUserDataMessage.Parse(Encoding.UTF8.GetBytes(json), s_binance, receivedAt: 7);

    [Test]
    public void AFuturesOrderTradeUpdate_IsTheOrdersUpdateThenItsFill_PostOnlyFromGtx_AveragePriceFromAp()
    {
        var events = Parse(File.ReadAllText(RepoPaths.Fixture("binance/uds-usdm-ORDER_TRADE_UPDATE.CONSTRUCTED.json")));

        var update = (OrderUpdate)events[0];
        var fill = (FillEvent)events[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Has.Count.EqualTo(2));
            Assert.That((update.VenueOrderId.Value, update.ClientOrderId?.Value, update.Status, update.PostOnly), Is.EqualTo(("4100000001", "mm-gtx-1", OrderStatus.PartiallyFilled, (bool?)true)));
            Assert.That((update.Quantity?.Value, update.FilledQuantity?.Value, update.AveragePrice?.Value, update.TsEvent), Is.EqualTo((0.010m, 0.004m, 61000.10m, 1_723_161_600_123_000_000L)));
            Assert.That((fill.TradeId.Value, fill.Price.Value, fill.Quantity.Value, fill.Liquidity, fill.Fee, fill.FeeAsset?.Value), Is.EqualTo(("555000111", 61000.10m, 0.004m, LiquiditySide.Maker, 0.04880008m, "USDT")));
        }
    }

    [Test]
    public void AFundingFeeAccountUpdate_IsTheWalletBalance_ThePosition_AndAFundingPaymentOnIt()
    {
        var events = Parse(File.ReadAllText(RepoPaths.Fixture("binance/uds-usdm-ACCOUNT_UPDATE-funding.CONSTRUCTED.json")));

        var balance = (BalanceUpdate)events[0];
        var position = (PositionUpdate)events[1];
        var funding = (FundingPayment)events[2];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Has.Count.EqualTo(3));
            Assert.That((balance.Asset.Value, balance.Total), Is.EqualTo(("USDT", 9998.75m)));
            Assert.That((position.Instrument.Value, position.Quantity, position.EntryPrice, position.MarkPrice, position.LiquidationPrice), Is.EqualTo(("BTCUSDT", 0.010m, (decimal?)61000.10m, (decimal?)null, (decimal?)null)));
            Assert.That((funding.Instrument.Value, funding.Amount, funding.Asset.Value, funding.TsEvent), Is.EqualTo(("BTCUSDT", -1.25m, "USDT", 1_723_161_600_500_000_000L)));
        }
    }

    [Test]
    public void AHedgeModeAccountUpdate_GivesNoPosition_ForItsLongAndShortLegs()
    {
        var events = Parse("""{"e":"ACCOUNT_UPDATE","E":1723161600500,"T":1723161600499,"a":{"m":"ORDER","B":[{"a":"USDT","wb":"100","cw":"100","bc":"0"}],"P":[{"s":"BTCUSDT","pa":"0.010","ep":"61000.10","ps":"LONG"},{"s":"BTCUSDT","pa":"-0.002","ep":"61010","ps":"SHORT"}]}}""");

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(BalanceUpdate) }));
    }
}
