using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;

namespace MarketMaking.Adapters.Bybit.Tests;

/// <summary>
/// The public stream's trades and tickers against the Bybit-protocol simulator replaying the USD-M BTCUSDT recording:
/// what the client posts is checked against the recording itself, read independently.
/// </summary>
[NonParallelizable]
public sealed class BybitPublicStreamTests
{
    [Test]
    public async Task OnLinear_EveryReplayedTradeArrivesOnce_AndTheTickerGivesTheMarkPriceEverySecond_WithItsFunding()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Linear, FundingRate = 0.0002m });
        var sink = new CollectingSink();
        await using var client = new BybitMarketDataClient(BybitCategory.Linear, sink, TimeProvider.System, server.PublicWebSocketUrl);
        var instrument = BybitSimulatorSetup.BtcUsdt;
        Assert.That((await client.SubscribeTradesAsync(instrument)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeMarkPriceAsync(instrument)).IsSuccess, Is.True);
        await Eventually.WaitForAsync(() => sink.Snapshot.OfType<MarkPriceUpdate>().Any(), "the ticker's snapshot");
        var from = server.EventsReplayed;

        const int Replayed = 20_000;
        await server.ReplayAsync(Replayed);
        var recorded = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz")], _ => { }).ReadEvents().Skip((int)from).Take(Replayed).ToList();
        var expectedTrades = recorded.OfType<Trade>().Select(t => (t.TradeId.Value, t.AggressorSide, t.Price.Value, t.Quantity.Value)).ToArray();
        await sink.WaitForAsync(e => e.OfType<Trade>().Count() >= expectedTrades.Length, "every replayed trade");
        var seconds = (recorded[^1].TsEvent - recorded[0].TsEvent) / 1_000_000_000L;
        var marks = sink.Snapshot.OfType<MarkPriceUpdate>().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(expectedTrades, Is.Not.Empty);
            Assert.That(sink.Snapshot.OfType<Trade>().Select(t => (t.TradeId.Value, t.AggressorSide, t.Price.Value, t.Quantity.Value)), Is.EqualTo(expectedTrades), "the recording's trades, in order, each once");
            Assert.That(marks.Length, Is.InRange(seconds, seconds + 2), "a snapshot, then a delta a second of replayed time");
            Assert.That(marks.All(m => m.FundingRate == 0.0002m && m.NextFundingTime % (8 * 3600 * 1_000_000_000L) == 0 && m.NextFundingTime > m.TsEvent), Is.True, "the snapshot's funding kept through the deltas");
            Assert.That(marks.All(m => m.MarkPrice.Value % 0.05m == 0 && m.IndexPrice == m.MarkPrice), Is.True, "the venue's mid, on the half tick");
        });
    }

    [Test]
    public async Task OnSpot_TheMarkPrice_IsRefusedUnsent()
    {
        await using var server = await BybitSimulatorSetup.StartBtcUsdtAsync(new BybitSimulatorOptions { Category = BybitCategory.Spot });
        await using var client = new BybitMarketDataClient(BybitCategory.Spot, new CollectingSink(), TimeProvider.System, server.PublicWebSocketUrl);

        var subscribed = await client.SubscribeMarkPriceAsync(BybitSimulatorSetup.BtcUsdt);

        Assert.That((subscribed.Error?.Kind, subscribed.Error?.NotSent), Is.EqualTo(((VenueErrorKind?)VenueErrorKind.NotSupported, (bool?)true)));
    }
}
