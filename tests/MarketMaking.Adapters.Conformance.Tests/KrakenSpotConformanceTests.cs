using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Conformance.Tests;

/// <summary>The Kraken spot adapter (WebSocket v2 order entry, executions and book; REST for tokens) against the Kraken-protocol simulator replaying spot BTCUSDT as BTC/USDT.</summary>
[NonParallelizable]
public sealed class KrakenSpotConformanceTests : VenueConformanceTests
{
    /// <inheritdoc/>
    private protected override async Task<ConformanceVenue> StartAsync(ConformanceFaults faults) => await KrakenSpotVenue.StartAsync(faults);

    private sealed class KrakenSpotVenue : ConformanceVenue
    {
        private static readonly string s_secret = Convert.ToBase64String("conformance-kraken-secret-0a8f9a4a"u8.ToArray());
        private const string Key = "conformance-kraken-key-4f8c";
        private readonly KrakenSimulatorServer _server;
        private readonly ILoggerFactory _loggerFactory;
        private readonly HttpClient _http = new();
        private readonly KrakenSpotWsClient _client;

        private KrakenSpotVenue(KrakenSimulatorServer server, KrakenSimulatorOptions options, TimeProvider clock)
        {
            _server = server;
            _loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
            var client = KrakenSimulatorSetup.ClientOptions(server, options);
            client.WebSocketRequestTimeout = TimeSpan.FromMilliseconds(500);
            var rest = new KrakenSpotRestClient(_http, client, clock, _loggerFactory.CreateLogger<KrakenSpotRestClient>());
            _client = new KrakenSpotWsClient(client, Events, clock, rest, _loggerFactory);
        }

        public override InstrumentId Instrument { get; } = InstrumentId.Create("BTC/USDT");

        public override ISpotOrderEntry Orders => _client;

        public override decimal Tick => 0.01m;

        public override Quantity OrderQuantity { get; } = Quantity.Parse("0.001");

        public override IReadOnlyList<string> Secrets { get; } = [Key, s_secret];

        // A connection counts once its subscriptions are restored (Connected): while it resubscribes, orders are refused unsent.
        public override int UserStreamSubscriptions =>
            _client.PrivateState == ConnectionState.Connected ? _client.PrivateConnectionCount : _client.PrivateConnectionCount - 1;

        public static async Task<KrakenSpotVenue> StartAsync(ConformanceFaults faults)
        {
            var options = new KrakenSimulatorOptions { ApiKey = Key, ApiSecret = s_secret };
            if (faults == ConformanceFaults.SlowAnswers)
            {
                options.Faults.AckDelay = TimeSpan.FromSeconds(1);
            }
            else if (faults == ConformanceFaults.RateLimited)
            {
                options.Faults.RateLimit = 1.0;
            }

            var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);

            // Up to the recording's depth snapshot, so that the venue has a book.
            await server.ReplayAsync(20);
            var venue = new KrakenSpotVenue(server, options, ConformanceClocks.For(faults));
            await venue._client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return venue;
        }

        public override async Task StartUserStreamAsync() =>
            Assert.That((await _client.SubscribeUserStreamAsync()).IsSuccess, Is.True);

        public override async Task SubscribeBookAsync() =>
            Assert.That((await _client.SubscribeBookAsync(Instrument, 10)).IsSuccess, Is.True);

        public override Task<(decimal Bid, decimal Ask)> TouchAsync() => _server.ReadAsync(venue => TouchOf(venue, Instrument));

        public override Task<IReadOnlyList<string>> RestingAsync() => _server.ReadAsync(venue => RestingOf(venue, Instrument));

        public override Task<decimal?> RestingPriceAsync(string clientOrderId) => _server.ReadAsync(venue => RestingPriceOf(venue, Instrument, clientOrderId));

        public override Task ReplayAsync(int events) => _server.ReplayAsync(events);

        public override void DropConnections() => _server.DropConnections();

        public override Task InjectBookGapAsync()
        {
            _server.CorruptNextChecksum();
            return Task.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            await _server.DisposeAsync();
            _http.Dispose();
            _loggerFactory.Dispose();
        }
    }
}
