using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>
/// Issue 20, acceptance 2 (Binance half): every Binance recording in the repository, replayed through the
/// Binance-protocol simulator in its own market's protocol and read by the real market-data client over loopback,
/// keeps the client's book in sync: no gap, one snapshot, every best bid and ask the recording publishes at an update
/// id a diff ends on matched by the client's book, and the client's book the venue's at the end.
/// </summary>
[NonParallelizable]
public sealed class BinanceRecordingSyncTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    [TestCase(BinanceMarket.Spot, "BTCUSDT", "spot_btcusdt_20240808.gz", "spot_btcusdt_20240809.gz")]
    [TestCase(BinanceMarket.Spot, "ETHUSDT", "spot_ethusdt_20240808.gz", "spot_ethusdt_20240809.gz")]
    [TestCase(BinanceMarket.UsdM, "BTCUSDT", "usdm_btcusdt_20240808.gz")]
    [TestCase(BinanceMarket.UsdM, "ETHUSDT", "usdm_ethusdt_20240808.gz")]
    [TestCase(BinanceMarket.CoinM, "BTCUSD_PERP", "cm_btcusd_perp_20240808.gz", "cm_btcusd_perp_20240809.gz")]
    [TestCase(BinanceMarket.CoinM, "ETHUSD_PERP", "cm_ethusd_perp_20240808.gz", "cm_ethusd_perp_20240809.gz")]
    public async Task ARecordingServedInItsOwnProtocol_KeepsTheClientsBookInSync_WithEveryConfirmableTopMatched(BinanceMarket market, string symbol, params string[] files)
    {
        var instrument = InstrumentId.Create(symbol);
        var errors = new List<RecordingError>();
        var paths = files.Select(f => RepoPaths.Data(Path.Combine("hftbacktest-binance-2024-08", f))).ToArray();
        long lastRecordedTop = 0, recordedTops = 0;
        var recording = new HftBacktestRecordingReader(paths, errors.Add, BinanceVenue.IdOf(market)).ReadEvents().Select(e =>
        {
            if (e is TopOfBook top)
            {
                lastRecordedTop = top.UpdateId ?? 0;
                recordedTops++;
            }

            return e;
        });
        await using var server = await BinanceSimulatorServer.StartAsync(new BinanceSimulatorOptions { Market = market }, [BinanceRecordedInstruments.For(market, symbol)], recording);
        Assert.That(await server.ReplayUntilBookAsync(instrument), Is.True, "the recording holds a depth snapshot");

        var sink = new MarketDataSink();
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        await using var client = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = market, RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl },
            sink,
            TimeProvider.System,
            loggerFactory: loggerFactory);
        Assert.That((await client.SubscribeTopOfBookAsync(instrument)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeBookAsync(instrument)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeTradesAsync(instrument)).IsSuccess, Is.True);
        await sink.WaitForAsync(s => s.SyncChanges.Any(c => c.State == BookSyncState.Synced), s_timeout);
        var topsBefore = recordedTops;

        await server.ReplayAsync();
        var finalUpdateId = await server.ReadAsync(venue => venue.Engines[instrument].Book.LastUpdateId!.Value);
        await sink.WaitForAsync(s => s.LastDeltaUpdateId == finalUpdateId && s.LastTopUpdateId == lastRecordedTop, s_timeout);

        var health = client.HealthOf(instrument)!;
        TestContext.Out.WriteLine(
            $"{market} {symbol}: {server.EventsReplayed} events, {health.DiffsApplied} diffs applied, {recordedTops - topsBefore} tops published, "
            + $"{health.TopsMatched} confirmable and matched, {health.TopsMismatched} not; {health.SequenceGaps} gaps; {health.Snapshots} snapshot(s); {sink.Trades} trades");
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, "recording errors");
            Assert.That(health.SequenceGaps, Is.Zero, "gaps");
            Assert.That(health.Snapshots, Is.EqualTo(1), "one snapshot: never out of sync");
            Assert.That(health.TopsMismatched, Is.Zero, "tops the book did not match");
            Assert.That(health.TopsMatched, Is.GreaterThan(100), "tops confirmed");
            Assert.That(sink.SyncChanges.Select(c => c.State), Is.EqualTo(new[] { BookSyncState.Synced }), "sync changes posted");
            Assert.That(sink.Trades, Is.GreaterThan(0), "trades delivered on their routed path");
            Assert.That(logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, "warnings logged");
        });

        var venueTop = await server.ReadAsync(venue => TopLevels(venue.Engines[instrument].Book));
        Assert.That(TopLevels(client.BookOf(instrument)!), Is.EqualTo(venueTop), "the client's 100 best levels a side are the venue's");
    }

    private static (BookLevel[] Bids, BookLevel[] Asks) TopLevels(OrderBook book) =>
        (book.GetLevels(Side.Buy, Math.Min(100, book.BidDepth)), book.GetLevels(Side.Sell, Math.Min(100, book.AskDepth)));
}
