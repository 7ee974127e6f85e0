using System.Text;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// Linear <c>tickers</c> messages read into mark price and funding (<see cref="BybitTickers"/>), and <c>publicTrade</c>
/// messages into trades (<see cref="BybitPublicTradeMessage"/>), on messages built from the docs' field lists
/// (https://bybit-exchange.github.io/docs/v5/websocket/public/ticker, /trade).
/// </summary>
public sealed class BybitTickersTests
{
    private static readonly VenueId s_linear = VenueId.Create("bybit-linear");

    [Test]
    public void ADelta_IsReadOverTheSnapshot_KeepingTheFieldsItLeavesOut()
    {
        var tickers = new BybitTickers();

        var snapshot = tickers.Read(Bytes("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","lastPrice":"57001.00","markPrice":"57000.50","indexPrice":"56990.10","fundingRate":"0.000125","nextFundingTime":"1723104000000"},"cs":1,"ts":1723075200000}"""), s_linear, 7);
        var delta = tickers.Read(Bytes("""{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"57010.00"},"cs":2,"ts":1723075201000}"""), s_linear, 8);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot, Is.EqualTo(new MarkPriceUpdate(s_linear, InstrumentId.Create("BTCUSDT"), new Price(57_000.50m), new Price(56_990.10m), 0.000125m, 1_723_104_000_000_000_000L, 1_723_075_200_000_000_000L, 7)));
            Assert.That((delta!.MarkPrice.Value, delta.IndexPrice!.Value.Value, delta.FundingRate, delta.NextFundingTime, delta.TsEvent), Is.EqualTo((57_010m, 56_990.10m, 0.000125m, 1_723_104_000_000_000_000L, 1_723_075_201_000_000_000L)), "index, funding and next funding kept from the snapshot");
        }
    }

    [Test]
    public void ADeltaBeforeAnySnapshot_GivesNothing_AndAfterAReconnection_TheSnapshotStartsAgain()
    {
        var tickers = new BybitTickers();
        var delta = Bytes("""{"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"57010.00"},"ts":1}""");

        var before = tickers.Read(delta, s_linear, 1);
        tickers.Read(Bytes("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"57000.00","fundingRate":"0.0001","nextFundingTime":"1"},"ts":1}"""), s_linear, 1);
        tickers.Clear();
        var afterClear = tickers.Read(delta, s_linear, 1);

        Assert.That((before, afterClear), Is.EqualTo(((MarkPriceUpdate?)null, (MarkPriceUpdate?)null)));
    }

    [Test]
    public void AFieldThatIsNotANumber_IsRefusedNamingIt()
    {
        var exception = Assert.Throws<JsonException>(() => new BybitTickers().Read(Bytes("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"abc"},"ts":1}"""), s_linear, 1));

        Assert.That(exception!.Message, Is.EqualTo("A ticker's markPrice is a number as text, not 'abc'"));
    }

    [Test]
    public void ATradeMessage_IsEachTradeWithItsTakerSideAndId_InOrder()
    {
        var trades = BybitPublicTradeMessage.Parse(
            Bytes("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1723075200100,"data":[{"T":1723075200099,"s":"BTCUSDT","S":"Buy","v":"0.010","p":"57000.10","L":"PlusTick","i":"a1","BT":false},{"T":1723075200100,"s":"BTCUSDT","S":"Sell","v":"0.002","p":"56999.90","L":"MinusTick","i":"a2","BT":false}]}"""),
            s_linear,
            5);

        Assert.That(
            trades.Select(t => (t.TradeId.Value, t.AggressorSide, t.Price.Value, t.Quantity.Value, t.TsEvent, t.TsInit)),
            Is.EqualTo(new[] { ("a1", Side.Buy, 57_000.10m, 0.010m, 1_723_075_200_099_000_000L, 5L), ("a2", Side.Sell, 56_999.90m, 0.002m, 1_723_075_200_100_000_000L, 5L) }));
        Assert.Throws<JsonException>(() => BybitPublicTradeMessage.Parse(Bytes("""{"topic":"publicTrade.BTCUSDT","data":[{"T":1,"s":"BTCUSDT","S":"Up","v":"1","p":"1","i":"x"}]}"""), s_linear, 0));
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
