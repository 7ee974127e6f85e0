using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Private <c>execution</c> messages read into fills and funding payments, from the docs' sample
/// (tests/fixtures/bybit/ws-execution.json, bybit-exchange/docs @ 072c197) and variants of it.
/// </summary>
public sealed class BybitExecutionMessageTests
{
    private static readonly VenueId s_bybit = VenueId.Create("bybit");

    [Test]
    public void TheDocsTradeExecution_IsAFill_KeyedByExecId_WithItsFeeAndExtraFees()
    {
        var fill = (FillEvent)Parse(Fixture().ToJsonString()).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((fill.TradeId.Value, fill.VenueOrderId.Value), Is.EqualTo(("0ab1bdf7-4219-438b-b30a-32ec863018f7", "9aac161b-8ed6-450d-9cab-c5cc67c21784")));
            Assert.That((fill.Instrument.Value, fill.Side, fill.Price.Value, fill.Quantity.Value), Is.EqualTo(("BTCUSDT", Side.Sell, 95_900.1m, 0.5m)));
            Assert.That((fill.Fee, fill.FeeAsset?.Value), Is.EqualTo((26.378931279m, "USDT")), "execFee 26.3725275 + the GST of 0.006403779 USDT");
            Assert.That((fill.Liquidity, fill.OrderStatus), Is.EqualTo((LiquiditySide.Taker, (OrderStatus?)OrderStatus.Filled)), "isMaker false; leavesQty 0");
            Assert.That((fill.ClientOrderId, fill.TsEvent, fill.TsInit), Is.EqualTo(((ClientOrderId?)null, 1_746_270_400_353_000_000L, 9L)), "no orderLinkId; execTime in ns");
        }
    }

    [Test]
    public void AFundingExecution_IsAFundingPayment_ReceivedWhenTheFeeIsNegative_AndSettlementsGiveNothing()
    {
        var message = Fixture();
        var data = message["data"]!.AsArray();
        var funding = data[0]!.DeepClone();
        (funding["execType"], funding["execFee"], funding["feeRate"], funding["orderLinkId"]) = ("Funding", "-1.2", "0.0001", "");
        var settle = data[0]!.DeepClone();
        settle["execType"] = "Settle";
        data.Clear();
        data.Add(funding);
        data.Add(settle);

        var payment = (FundingPayment)Parse(message.ToJsonString()).Single();

        Assert.That((payment.Instrument.Value, payment.Amount, payment.Asset.Value, payment.Rate, payment.MarkPrice), Is.EqualTo(("BTCUSDT", 1.2m, "USDT", (decimal?)0.0001m, (decimal?)95_901.48m)));
    }

    [Test]
    public void AnExecutionWithoutItsExecId_IsRefusedNamingTheField()
    {
        var message = Fixture();
        message["data"]![0]!.AsObject().Remove("execId");

        Assert.That(Assert.Throws<JsonException>(() => Parse(message.ToJsonString()))!.Message, Is.EqualTo("An execution needs the text field execId"));
    }

    private static JsonNode Fixture() => JsonNode.Parse(File.ReadAllText(RepoPaths.Fixture("bybit/ws-execution.json")))!;

    private static IReadOnlyList<VenueEvent> Parse(string json) => BybitExecutionMessage.Parse(Encoding.UTF8.GetBytes(json), s_bybit, receivedAt: 9);
}
