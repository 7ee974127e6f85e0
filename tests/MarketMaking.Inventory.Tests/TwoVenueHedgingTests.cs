using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;
using MarketMaking.Strategies;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Inventory.Tests;

/// <summary>
/// The market maker quotes BTC/USDT on the Kraken-protocol simulator (real spot BTCUSDT recording, real Kraken adapter)
/// while a second simulated venue replays the USD-M BTCUSDT recording of the same minutes and takes the hedges of the
/// Cross-Exchange policy. |net BTC| must stay within the threshold plus one clip throughout.
/// </summary>
public sealed class TwoVenueHedgingTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");
    private static readonly VenueId s_hedgeVenue = VenueId.Create("hedge");
    private static readonly AssetId s_btc = AssetId.Create("BTC");
    private static readonly AssetId s_usdt = AssetId.Create("USDT");

    private static List<MarketDataEvent> Read(string file) =>
        [.. new HftBacktestRecordingReader([RepoPaths.Data(file)], e => throw new InvalidOperationException(e.ToString())).ReadEvents()];

    [Test]
    public async Task CrossExchange_OverTheSpotRecording_KeepsNetBtcWithinThresholdPlusOneClip()
    {
        // Low enough that every run passes it many times over (7-10 hedges a run): at 0.004 a run whose |net| peaked at
        // exactly 0.004 sent no hedge, and the test failed for want of one (the CI run of 5696a70).
        const decimal Threshold = 0.002m;
        const decimal Clip = 0.002m;
        var spotSpec = KrakenSimulatorSetup.BtcUsdt;
        var perpSpec = InstrumentSpec.FromPrecision(s_served, 1, 3);

        var simulatorOptions = new KrakenSimulatorOptions { EnforceRateLimits = false };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(simulatorOptions);
        var krakenOptions = KrakenSimulatorSetup.ClientOptions(server, simulatorOptions);

        await using var loop = new EngineLoop();
        using var http = new HttpClient();
        var rest = new KrakenSpotRestClient(http, krakenOptions, TimeProvider.System);
        await using var ws = new KrakenSpotWsClient(krakenOptions, loop.Sink, TimeProvider.System, rest);
        using var hedgeVenue = new SimulatedVenueClient(
            s_hedgeVenue,
            new SimulatedVenueOptions(),
            [new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), perpSpec, s_btc, s_usdt, b => new BinanceDepthSynchronizer(b))],
            Read("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz"),
            new Dictionary<AssetId, decimal> { [s_btc] = 10m, [s_usdt] = 1_000_000m },
            loop.Sink);
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1));
        oms.RegisterExchange(KrakenVenue.Id, ws);
        oms.RegisterExchange(s_hedgeVenue, hedgeVenue);
        var books = new BookKeeper();
        books.Track(KrakenVenue.Id, spotSpec, depth: 10);
        books.Track(s_hedgeVenue, perpSpec, depth: 10);
        var policy = new CrossExchangeHedgingPolicy(KrakenVenue.Id, new HedgeRoute(s_hedgeVenue, s_served), Threshold);
        using var inventory = new InventoryManager(oms, policy, new PositionLimits(), books, TimeProvider.System, loop.Sink, new HedgeOptions { MaxClip = Clip, SlippageBps = 10 });
        var strategy = new MarketMakingStrategy(new MarketMakerConfig
        {
            Venue = "kraken",
            Symbols = ["BTC/USDT"],
            SpreadBps = 2,
            FinalOrderDistanceBps = 10,
            OrdersPerSide = 2,
            MinOrderSize = 0.001m,
            MaxOrderSize = 0.001m,
            MaxPosition = 0.05m,
            RefreshInterval = TimeSpan.FromMilliseconds(100),
        });
        await using var runner = new StrategyRunner(strategy, books, oms, loop.Sink, TimeProvider.System, NullLogger.Instance);
        loop.AddHandler(books);
        loop.AddHandler(oms);
        loop.AddHandler(inventory);
        loop.AddHandler(runner);
        loop.Start();
        await ws.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ws.SubscribeBookAsync(s_served, 10);
        await ws.SubscribeTradesAsync(s_served);
        await runner.StartAsync();

        // Lockstep: a few primary events, then the hedge venue up to the same recorded time.
        while (!server.IsReplayComplete)
        {
            await server.ReplayAsync(50);
            await hedgeVenue.ReplayUntilAsync(server.Venue.Now);
            await Task.Delay(5);
        }

        await runner.StopAsync();
        await hedgeVenue.ReplayUntilAsync(server.Venue.Now + 1_000_000_000);

        // Settled once every request on both venues is answered and applied (a hedge is sent only on a fill the loop applies).
        await Eventually.WaitForAsync(
            () => !oms.Read(store => store.All.Any(o => o.Status is OrderStatus.PendingNew or OrderStatus.PendingAmend or OrderStatus.PendingCancel)),
            "every request answered");
        var statistics = oms.Read(_ => inventory.Hedger!.Statistics.ToString());
        var (quoteFills, net, maxNet, hedgeOrders) = oms.Read(store => (
            store.All.Where(o => o.Strategy == strategy.Name).Sum(o => o.FillCount),
            inventory.NetPosition(s_btc),
            inventory.Hedger!.Statistics.MaxAbsoluteNetPosition,
            store.All.Count(o => o.Strategy == Hedger.Strategy)));
        TestContext.Out.WriteLine($"{oms.Summary()}; quote fills {quoteFills}; net BTC {net}; {statistics}");

        Assert.Multiple(() =>
        {
            Assert.That(quoteFills, Is.GreaterThan(0), "the market maker got fills");
            Assert.That(hedgeOrders, Is.GreaterThan(0), "hedges went to the hedge venue");
            Assert.That(oms.Read(store => store.All.Where(o => o.Strategy == Hedger.Strategy).All(o => o.Venue == s_hedgeVenue)), Is.True);
            Assert.That(maxNet, Is.LessThanOrEqualTo(Threshold + Clip), "|net BTC| within threshold plus one clip throughout");
            Assert.That(Math.Abs(net), Is.LessThanOrEqualTo(Threshold + Clip));
        });
    }
}
