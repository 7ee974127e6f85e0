using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static MarketMaking.Testing.Eventually;

namespace MarketMaking.Strategies.Tests;

/// <summary>Composition: the market maker from an appsettings file, a user's own strategy beside it, and settings refused at start.</summary>
public sealed class StrategyServiceCollectionExtensionsTests
{
    private static readonly VenueId s_venue = VenueId.Create("kraken");

    private static string WriteSettings(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mm-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Test]
    public async Task AddMarketMaking_FromAppSettings_WithAUsersStrategy_RunsBothOnTheEngineLoop()
    {
        var file = WriteSettings("""{ "MarketMaker": { "Venue": "kraken", "Symbols": [ "ETH/USD", "BTC/USD" ], "SpreadBps": 12, "ImbalanceDepths": [ 2 ] } }""");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
            var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
            await using var provider = new ServiceCollection()
                .AddLogging()
                .AddSingleton<TimeProvider>(clock)
                .AddOms(configuration)
                .AddMarketMaking(configuration)
                .AddStrategy<CountingStrategy>()
                .BuildServiceProvider();
            provider.GetRequiredService<IStartupValidator>().Validate();
            var engine = provider.GetRequiredService<StrategyEngine>();
            var mine = provider.GetRequiredService<CountingStrategy>();
            var marketMaker = provider.GetRequiredService<MarketMakingStrategy>();
            provider.GetRequiredService<BookKeeper>().Track(s_venue, InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USD"), 2, 3));

            await engine.StartAsync(CancellationToken.None);
            await provider.GetRequiredService<IVenueEventSink>().PostAsync(
                new BookSnapshot(s_venue, InstrumentId.Create("BTC/USD"), [new(new Price(99.99m), new Quantity(1))], [new(new Price(100.01m), new Quantity(1))], 1, 1));
            await WaitForAsync(() => mine.Books == 1, "the user's strategy saw the book");
            await engine.StopAsync(CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(engine.Strategies.Select(s => s.Name), Is.EqualTo(new[] { "market-maker", "counting" }));
                Assert.That(marketMaker.Instruments, Is.EqualTo(new[] { InstrumentId.Create("ETH/USD"), InstrumentId.Create("BTC/USD") }), "the file's list replaces the default one");
                Assert.That(marketMaker.Config.Current.SpreadBps, Is.EqualTo(12));
                Assert.That(marketMaker.Config.Current.ImbalanceDepths, Is.EqualTo(new[] { 2 }));
                Assert.That(mine.Initialized && mine.ShutDown, Is.True, "the user's strategy went through its whole life");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task ThePipeline_RunsByStage_WhateverOrderTheServicesWereRegisteredIn()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketMaker:Venue"] = "kraken",
            ["MarketMaker:Symbols:0"] = "BTC/USD",
        }).Build();

        // An observer first, and risk before inventory: registration order that would run the kill switch on
        // positions inventory has not updated yet.
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)))
            .AddSingleton<IEngineHandler>(new Observer())
            .AddOms(configuration)
            .AddRisk(configuration)
            .AddInventory(configuration)
            .AddMarketMaking(configuration)
            .BuildServiceProvider();
        var engine = provider.GetRequiredService<StrategyEngine>();
        await engine.StartAsync(CancellationToken.None);
        var pipeline = engine.Pipeline().Select(h => h.Name).ToArray();
        await engine.StopAsync(CancellationToken.None);

        Assert.That(pipeline, Is.EqualTo(new[] { "books", "oms", "inventory", "kill-switch", "observer", "strategy-market-maker" }));
    }

    [Test]
    public void AddMarketMaking_InvalidSettings_FailAtStart_NamingEachProblem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MarketMaker:SpreadBps"] = "0",
            ["MarketMaker:MinOrderSize"] = "0.5",
            ["MarketMaker:MaxOrderSize"] = "0.1",
            ["MarketMaker:SignalWeights:Microprice"] = "-1",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddOms(configuration).AddMarketMaking(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate())!;

        Assert.Multiple(() =>
        {
            Assert.That(failure.Failures, Has.Some.Contains("MarketMaker:SpreadBps"));
            Assert.That(failure.Failures, Has.Some.Contains("MinOrderSize (0.5) must not exceed MaxOrderSize (0.1)"));
            Assert.That(failure.Failures, Has.Some.Contains("MarketMaker:SignalWeights:Microprice"));
        });
    }

    [Test]
    public async Task TwoStrategiesWithOneName_AreRefused()
    {
        var configuration = new ConfigurationBuilder().Build();
        await using var provider = new ServiceCollection().AddLogging().AddOms(configuration)
            .AddStrategy(_ => new CountingStrategy())
            .AddStrategy(_ => new CountingStrategy())
            .BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<StrategyEngine>(), Throws.ArgumentException.With.Message.Contains("'counting'"));
    }

    /// <summary>A user's strategy: counts what it sees.</summary>
    private sealed class CountingStrategy : IStrategy
    {
        private int _books;

        public string Name => "counting";

        public int Books => Volatile.Read(ref _books);

        public bool Initialized { get; private set; }

        public bool ShutDown { get; private set; }

        public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken)
        {
            Initialized = true;
            return Task.CompletedTask;
        }

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken)
        {
            ShutDown = true;
            return Task.CompletedTask;
        }

        public void OnBook(VenueId venue, OrderBook book) => Interlocked.Increment(ref _books);

        public void OnTrade(Trade trade)
        {
        }

        public void OnOrderEvent(OmsOrder order)
        {
        }

        public void OnFill(FillEvent fill, OmsOrder order)
        {
        }

        public void OnTimer(long nowNanoseconds)
        {
        }
    }

    private sealed class Observer : IEngineHandler
    {
        public string Name => "observer";

        public void OnEvent(VenueEvent venueEvent)
        {
        }
    }
}
