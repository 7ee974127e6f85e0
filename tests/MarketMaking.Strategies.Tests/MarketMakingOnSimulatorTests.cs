using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Strategies.Tests;

/// <summary>The market-making strategy with the real Kraken adapter against the simulator replaying the real BTCUSDT recording.</summary>
public sealed class MarketMakingOnSimulatorTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    [Test]
    public async Task QuotesBothSides_GetsFills_AndKeepsItsPositionWithinMaxPosition()
    {
        var spec = KrakenSimulatorSetup.BtcUsdt;

        // Rate limits off on both sides: the test runs minutes of market in seconds of wall time.
        var simulatorOptions = new KrakenSimulatorOptions { EnforceRateLimits = false };
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(simulatorOptions);
        var krakenOptions = KrakenSimulatorSetup.ClientOptions(server, simulatorOptions);
        await using var loop = new EngineLoop();
        using var http = new HttpClient();
        var rest = new KrakenSpotRestClient(http, krakenOptions, TimeProvider.System);
        await using var ws = new KrakenSpotWsClient(krakenOptions, loop.Sink, TimeProvider.System, rest);
        using var oms = new OrderManager(loop.Sink, TimeProvider.System, new ClientOrderIdGenerator(1));
        oms.RegisterExchange(KrakenVenue.Id, ws);
        var books = new BookKeeper();
        books.Track(KrakenVenue.Id, spec, depth: 10);
        var config = new MarketMakerConfig { Venue = "kraken", Symbols = ["BTC/USDT"], SpreadBps = 2, FinalOrderDistanceBps = 10, MaxPosition = 0.05m, RefreshInterval = TimeSpan.FromMilliseconds(100) };
        var strategy = new MarketMakingStrategy(config);
        await using var runner = new StrategyRunner(strategy, books, oms, loop.Sink, TimeProvider.System, NullLogger.Instance);
        loop.AddHandler(books);
        loop.AddHandler(oms);
        loop.AddHandler(runner);
        loop.Start();
        await ws.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await ws.SubscribeBookAsync(s_served, 10);
        await ws.SubscribeTradesAsync(s_served);
        await runner.StartAsync();

        var maxAbsPosition = 0m;
        while (!server.IsReplayComplete)
        {
            await server.ReplayAsync(200);
            await Task.Delay(20);
            maxAbsPosition = Math.Max(maxAbsPosition, Math.Abs(strategy.Position));
        }

        await runner.StopAsync();
        var sides = oms.Read(store => store.All.ToArray()).Where(o => o.Strategy == strategy.Name).Select(o => o.Side).Distinct().ToArray();
        var fills = oms.Read(store => store.All.ToArray()).Sum(o => o.FillCount);
        TestContext.Out.WriteLine($"{oms.Summary()}; {fills} fills; position {strategy.Position}; largest {maxAbsPosition}");

        Assert.Multiple(() =>
        {
            Assert.That(sides, Is.EquivalentTo(new[] { Side.Buy, Side.Sell }), "quotes both sides");
            Assert.That(fills, Is.GreaterThan(0), "gets fills");
            Assert.That(maxAbsPosition, Is.LessThanOrEqualTo(config.MaxPosition), "inventory stays within MaxPosition");
        });
    }
}
