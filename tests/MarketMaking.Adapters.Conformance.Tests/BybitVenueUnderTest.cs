using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// The Bybit v5 adapter of one category as a user composes it (order entry over REST or the trade stream, the
/// private stream, the public order book stream), against the Bybit-protocol simulator replaying that market's BTCUSDT recording (spot: tick
/// 0.01, step 0.000001; linear: tick 0.1, step 0.001, minimum notional 5 USDT).
/// </summary>
internal sealed class BybitVenueUnderTest : ConformanceVenue
{
    private const string Key = "conformance-bybit-key-6a2e";
    private const string Secret = "conformance-bybit-secret-9f31c07d";
    private readonly BybitSimulatorServer _server;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BybitOrderEntryClient _orders;
    private readonly BybitWebSocketOrderEntryClient? _webSocketOrders;
    private readonly BybitPrivateStreamClient _private;
    private readonly BybitMarketDataClient _marketData;
    private bool _privateStarted;

    private BybitVenueUnderTest(BybitSimulatorServer server, BybitCategory category, bool webSocketOrderEntry, TimeProvider clock)
    {
        _server = server;
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var options = new BybitTradingOptions
        {
            Category = category,
            RestBaseUrl = server.RestBaseUrl,
            PrivateWebSocketUrl = server.PrivateWebSocketUrl,
            TradeWebSocketUrl = server.TradeWebSocketUrl,
            ApiKey = Key,
            ApiSecret = Secret,
            RequestTimeout = TimeSpan.FromMilliseconds(500),
        };
        _orders = new BybitOrderEntryClient(options, clock, loggerFactory: _loggerFactory);
        _webSocketOrders = webSocketOrderEntry ? new BybitWebSocketOrderEntryClient(options, _orders, Events, clock, _loggerFactory) : null;
        _private = new BybitPrivateStreamClient(options, Events, clock, _loggerFactory, serverClock: _orders);
        _marketData = new BybitMarketDataClient(category, Events, clock, server.PublicWebSocketUrl, _loggerFactory);
        (Tick, OrderQuantity) = category == BybitCategory.Spot ? (0.01m, Quantity.Parse("0.001")) : (0.1m, Quantity.Parse("0.002"));
    }

    public override InstrumentId Instrument { get; } = InstrumentId.Create("BTCUSDT");

    public override ISpotOrderEntry Orders => _webSocketOrders ?? (ISpotOrderEntry)_orders;

    public override decimal Tick { get; }

    public override Quantity OrderQuantity { get; }

    public override IReadOnlyList<string> Secrets { get; } = [Key, Secret];

    /// <remarks>With order entry over the trade stream, the stream is up again once that connection is authenticated too.</remarks>
    public override int UserStreamSubscriptions =>
        _webSocketOrders is null || _webSocketOrders.State == ConnectionState.Connected ? _server.PrivateSubscriptions : _server.PrivateSubscriptions - 1;

    /// <summary>Bybit takes a post-only order that would take and cancels it (its documented behaviour).</summary>
    public override bool RefusesCrossingPostOnly => false;

    /// <summary>Starts the simulator and the adapter, order entry over the trade stream (authenticated) or over REST.</summary>
    public static async Task<BybitVenueUnderTest> StartAsync(BybitCategory category, ConformanceFaults faults, bool webSocketOrderEntry = false)
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
        var venue = new BybitVenueUnderTest(server, category, webSocketOrderEntry, ConformanceClocks.For(faults));
        if (venue._webSocketOrders is not null)
        {
            await venue._webSocketOrders.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return venue;
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
        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.DisposeAsync();
        }

        _orders.Dispose();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
