using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// The Bybit v5 adapter of one category as a user composes it (REST order entry, the private stream, the public
/// order book stream), against the Bybit-protocol simulator replaying that market's BTCUSDT recording (spot: tick
/// 0.01, step 0.000001; linear: tick 0.1, step 0.001, minimum notional 5 USDT).
/// </summary>
internal sealed class BybitVenueUnderTest : ConformanceVenue
{
    private const string Key = "conformance-bybit-key-6a2e";
    private const string Secret = "conformance-bybit-secret-9f31c07d";
    private readonly BybitSimulatorServer _server;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BybitOrderEntryClient _orders;
    private readonly BybitPrivateStreamClient _private;
    private readonly BybitMarketDataClient _marketData;
    private bool _privateStarted;

    private BybitVenueUnderTest(BybitSimulatorServer server, BybitCategory category)
    {
        _server = server;
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var options = new BybitTradingOptions
        {
            Category = category,
            RestBaseUrl = server.RestBaseUrl,
            PrivateWebSocketUrl = server.PrivateWebSocketUrl,
            ApiKey = Key,
            ApiSecret = Secret,
            RequestTimeout = TimeSpan.FromMilliseconds(500),
        };
        _orders = new BybitOrderEntryClient(options, TimeProvider.System, loggerFactory: _loggerFactory);
        _private = new BybitPrivateStreamClient(options, Events, TimeProvider.System, _loggerFactory);
        _marketData = new BybitMarketDataClient(category, Events, TimeProvider.System, server.PublicWebSocketUrl, _loggerFactory);
        (Tick, OrderQuantity) = category == BybitCategory.Spot ? (0.01m, Quantity.Parse("0.001")) : (0.1m, Quantity.Parse("0.002"));
    }

    public override InstrumentId Instrument { get; } = InstrumentId.Create("BTCUSDT");

    public override ISpotOrderEntry Orders => _orders;

    public override decimal Tick { get; }

    public override Quantity OrderQuantity { get; }

    public override IReadOnlyList<string> Secrets { get; } = [Key, Secret];

    public override int UserStreamSubscriptions => _server.PrivateSubscriptions;

    /// <summary>Bybit takes a post-only order that would take and cancels it (its documented behaviour).</summary>
    public override bool RefusesCrossingPostOnly => false;

    public static async Task<BybitVenueUnderTest> StartAsync(BybitCategory category, ConformanceFaults faults)
    {
        var options = new BybitSimulatorOptions
        {
            Category = category,
            ApiKey = Key,
            ApiSecret = Secret,
            OrderAnswerDelay = faults == ConformanceFaults.SlowAnswers ? TimeSpan.FromSeconds(1) : TimeSpan.Zero,

            // One order request a second: the first goes through, the next meets Bybit's 10006.
            OrderRequestsPerSecond = faults == ConformanceFaults.RateLimited ? 1 : 50,
        };
        var server = await BybitSimulatorSetup.StartBtcUsdtAsync(options);
        return new BybitVenueUnderTest(server, category);
    }

    public override async Task StartUserStreamAsync()
    {
        _privateStarted = true;
        await _private.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Testing.Eventually.WaitForAsync(() => _server.PrivateSubscriptions >= 1, "the private stream authenticated and subscribed");
    }

    public override async Task SubscribeBookAsync()
    {
        var subscribed = await _marketData.SubscribeBookAsync(Instrument, 50).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(subscribed.IsSuccess, Is.True, subscribed.Error?.ToString());
    }

    public override Task<(decimal Bid, decimal Ask)> TouchAsync() => _server.ReadAsync(venue => TouchOf(venue, Instrument));

    public override Task<IReadOnlyList<string>> RestingAsync() => _server.ReadAsync(venue => RestingOf(venue, Instrument));

    public override Task<decimal?> RestingPriceAsync(string clientOrderId) => _server.ReadAsync(venue => RestingPriceOf(venue, Instrument, clientOrderId));

    public override Task ReplayAsync(int events) => _server.ReplayAsync(events);

    public override void DropConnections() => _server.DropConnections();

    public override Task InjectBookGapAsync() => _server.SkipBookDeltasAsync(1);

    public override async ValueTask DisposeAsync()
    {
        await _marketData.DisposeAsync();
        if (_privateStarted)
        {
            await _private.StopAsync();
        }

        await _private.DisposeAsync();
        _orders.Dispose();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
