using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>
/// The Binance adapter of one market as a user composes it (order entry over REST or over the WebSocket API; the spot
/// WebSocket API stream or the futures listen key's stream; market data), against the Binance-protocol simulator
/// replaying that market's BTCUSDT.
/// </summary>
internal sealed class BinanceVenueUnderTest : ConformanceVenue
{
    private const string Key = "conformance-key-7d3b9b46";
    private const string Secret = "conformance-secret-5f4f4c8b9a2d";
    private readonly BinanceSimulatorServer _server;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BinanceOrderEntryClient _orders;
    private readonly BinanceWebSocketOrderEntryClient? _webSocketOrders;
    private readonly BinanceUserStreamClient? _spotStream;
    private readonly BinanceFuturesUserStreamClient? _futuresStream;
    private readonly BinanceMarketDataClient _marketData;

    private BinanceVenueUnderTest(BinanceSimulatorServer server, BinanceMarket market, bool webSocketOrderEntry, TimeProvider clock)
    {
        _server = server;
        _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var trading = new BinanceTradingOptions
        {
            Market = market,
            RestBaseUrl = server.RestBaseUrl,
            WebSocketApiUrl = server.WebSocketApiUrl,
            StreamBaseUrl = server.StreamBaseUrl,
            ApiKey = Key,
            ApiSecret = Secret,
            RequestTimeout = TimeSpan.FromMilliseconds(500),
        };
        _orders = new BinanceOrderEntryClient(trading, clock, loggerFactory: _loggerFactory);
        _webSocketOrders = webSocketOrderEntry ? new BinanceWebSocketOrderEntryClient(trading, _orders, Events, clock, _loggerFactory) : null;
        if (market == BinanceMarket.Spot)
        {
            _spotStream = new BinanceUserStreamClient(trading, Events, clock, _loggerFactory);
        }
        else
        {
            _futuresStream = new BinanceFuturesUserStreamClient(trading, Events, clock, _orders, _loggerFactory);
        }

        _marketData = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = market, RestBaseUrl = server.RestBaseUrl, StreamBaseUrl = server.StreamBaseUrl }, Events, clock, loggerFactory: _loggerFactory);
        (Tick, OrderQuantity) = market == BinanceMarket.Spot ? (0.01m, Quantity.Parse("0.001")) : (0.1m, Quantity.Parse("0.002"));
    }

    public override InstrumentId Instrument { get; } = InstrumentId.Create("BTCUSDT");

    public override ISpotOrderEntry Orders => _webSocketOrders ?? (ISpotOrderEntry)_orders;

    public override decimal Tick { get; }

    public override Quantity OrderQuantity { get; }

    public override IReadOnlyList<string> Secrets { get; } = [Key, Secret];

    /// <remarks>With order entry over the WebSocket API, the stream is up again once that connection is open too.</remarks>
    public override int UserStreamSubscriptions
    {
        get
        {
            var subscriptions = _spotStream?.Subscriptions
                ?? (_futuresStream!.State == ConnectionState.Connected ? _futuresStream.Connections : _futuresStream.Connections - 1);
            return _webSocketOrders is null || _webSocketOrders.State == ConnectionState.Connected ? subscriptions : subscriptions - 1;
        }
    }

    /// <summary>Starts the simulator and the adapter, order entry over the WebSocket API (its connection open) or over REST.</summary>
    public static async Task<BinanceVenueUnderTest> StartAsync(BinanceMarket market, ConformanceFaults faults, bool webSocketOrderEntry = false)
    {
        var options = new BinanceSimulatorOptions
        {
            Market = market,
            ApiKey = Key,
            ApiSecret = Secret,
            OrderAnswerDelay = faults == ConformanceFaults.SlowAnswers ? TimeSpan.FromSeconds(1) : TimeSpan.Zero,

            // One request weight a minute: the first order goes through, the next meets Binance's 429.
            WeightPerMinute = faults == ConformanceFaults.RateLimited ? 1 : null,
        };
        var file = market == BinanceMarket.Spot ? "spot_btcusdt_20240808.gz" : "usdm_btcusdt_20240808.gz";
        var errors = new List<RecordingError>();
        var recording = new HftBacktestRecordingReader([RepoPaths.Data($"hftbacktest-binance-2024-08/{file}")], errors.Add).ReadEvents();
        var server = await BinanceSimulatorServer.StartAsync(options, [BinanceRecordedInstruments.For(market, "BTCUSDT")], recording);
        Assert.That(await server.ReplayUntilBookAsync(InstrumentId.Create("BTCUSDT")), Is.True);
        var venue = new BinanceVenueUnderTest(server, market, webSocketOrderEntry, ConformanceClocks.For(faults));
        if (venue._webSocketOrders is not null)
        {
            await venue._webSocketOrders.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return venue;
    }

    public override async Task StartUserStreamAsync()
    {
        if (_spotStream is not null)
        {
            await _spotStream.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            var started = await _futuresStream!.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(started.IsSuccess, Is.True, started.Error?.ToString());
        }
    }

    public override async Task SubscribeBookAsync()
    {
        Assert.That((await _marketData.SubscribeTopOfBookAsync(Instrument)).IsSuccess, Is.True);
        Assert.That((await _marketData.SubscribeBookAsync(Instrument)).IsSuccess, Is.True);
    }

    public override Task<(decimal Bid, decimal Ask)> TouchAsync() => _server.ReadAsync(venue => TouchOf(venue, Instrument));

    public override Task<IReadOnlyList<string>> RestingAsync() => _server.ReadAsync(venue => RestingOf(venue, Instrument));

    public override Task<decimal?> RestingPriceAsync(string clientOrderId) => _server.ReadAsync(venue => RestingPriceOf(venue, Instrument, clientOrderId));

    public override Task ReplayAsync(int events) => _server.ReplayAsync(events);

    public override void DropConnections() => _server.DropConnections();

    public override Task InjectBookGapAsync() => _server.SkipDepthUpdatesAsync(1);

    public override async ValueTask DisposeAsync()
    {
        await _marketData.DisposeAsync();
        if (_spotStream is not null)
        {
            await _spotStream.DisposeAsync();
        }

        if (_futuresStream is not null)
        {
            await _futuresStream.DisposeAsync();
        }

        if (_webSocketOrders is not null)
        {
            await _webSocketOrders.DisposeAsync();
        }

        _orders.Dispose();
        await _server.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
