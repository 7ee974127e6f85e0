using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Servers;
using MarketMaking.Simulation.Venue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// The project's stand-in for Binance: a Kestrel server on loopback speaking one Binance market's protocol (spot,
/// USD-M or COIN-M) over a <see cref="SimulatedVenue"/> that replays a real recording, so that the real Binance adapter
/// runs end to end against it.
/// </summary>
/// <remarks>
/// <para>Served so far: the public REST market data (<c>ping</c>, <c>time</c>, <c>exchangeInfo</c>, <c>depth</c>, with
/// request weight and 429s) and the market streams (<c>@depth</c>, <c>@trade</c>, <c>@aggTrade</c>, <c>@bookTicker</c>,
/// combined or raw, USD-M streams on their routed paths). The recorded diffs are served with their own update ids, so a
/// client's book follows Binance's rules exactly; a depth snapshot is the venue's book as of the last diff sent.</para>
/// <para>The recording is replayed by <see cref="ReplayAsync"/>: as fast as clients take the data when
/// <see cref="BinanceSimulatorOptions.Speed"/> is 0, else at that multiple of real time on the given clock. Nothing is
/// published before the recording's first depth snapshot has built the venue's book.</para>
/// </remarks>
public sealed class BinanceSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BinanceSimulatorCore _core;
    private readonly BinanceFuturesAccountEndpoint _account;
    private readonly BinanceCountdownCancel _countdowns;
    private readonly RecordingReplayer _replayer;

    private BinanceSimulatorServer(WebApplication app, BinanceSimulatorCore core, BinanceFuturesAccountEndpoint account, BinanceCountdownCancel countdowns, IEnumerable<MarketDataEvent> recording)
    {
        _app = app;
        _core = core;
        _account = account;
        _countdowns = countdowns;
        _replayer = new RecordingReplayer(recording, new ReplayPacer(core.Options.Speed, core.TimeProvider), core.ReplayAsync);
    }

    /// <summary>Gets the REST base URL, such as <c>http://127.0.0.1:51234</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>Gets the market streams' base URL, such as <c>ws://127.0.0.1:51234</c> (clients add <c>/stream</c> or a routed path).</summary>
    public Uri StreamBaseUrl => new($"ws://{RestBaseUrl.Authority}");

    /// <summary>Gets the WebSocket API URL (<c>ws://…/ws-api/v3</c> on spot, where the account's user data stream is read; <c>ws://…/ws-fapi/v1</c> on futures): order entry.</summary>
    public Uri WebSocketApiUrl => new($"ws://{RestBaseUrl.Authority}{(_core.Market == BinanceMarket.Spot ? "/ws-api/v3" : "/ws-fapi/v1")}");

    /// <summary>Gets the market whose protocol is spoken.</summary>
    public BinanceMarket Market => _core.Market;

    /// <summary>Gets how many recorded events have been replayed.</summary>
    public long EventsReplayed => _replayer.EventsReplayed;

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsReplayComplete => _replayer.IsComplete;

    /// <summary>Gets how many WebSocket clients are connected.</summary>
    public int ConnectionCount => _core.Connections.Length;

    /// <summary>Counts the depth streams the connected clients subscribe to.</summary>
    /// <returns>The count, read between two replayed events.</returns>
    public Task<int> CountDepthSubscriptionsAsync() =>
        _core.RunAsync(_ => _core.Connections.Sum(c => c.Streams.Values.Count(s => s.Kind == BinanceStreamKind.Depth)));

    /// <summary>Gets how many depth snapshots were served.</summary>
    public int DepthSnapshotsServed => _core.DepthSnapshotsServed;

    /// <summary>Gets how many REST requests were refused with 429 for the request weight.</summary>
    public int RateLimitedRequests => _core.RateLimitedRequests;

    /// <summary>Gets how many order requests (place, batch, amend, cancel, cancel-all) were taken, over REST or the WebSocket API, counted as each arrives (before <see cref="BinanceSimulatorOptions.OrderAnswerDelay"/>).</summary>
    public int OrderRequests => _core.OrderRequests;

    /// <summary>Gets how many signed order requests (<c>order.place</c>, <c>order.cancel</c>, …) came over the WebSocket API, answered or refused.</summary>
    public int WebSocketApiOrderRequests => _core.WebSocketApiOrderRequests;

    /// <summary>Gets how many of <see cref="WebSocketApiOrderRequests"/> came without a signature on a connection <c>session.logon</c> had authenticated.</summary>
    public int UnsignedSessionOrderRequests => _core.UnsignedSessionOrderRequests;

    /// <summary>Starts the server on loopback.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="instruments">The instruments served (<see cref="BinanceRecordedInstruments.For"/> for the bundled recordings).</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="timeProvider">The clock for pacing and the weight's minutes, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<BinanceSimulatorServer> StartAsync(
        BinanceSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, IEnumerable<MarketDataEvent> recording, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(recording);
        var core = new BinanceSimulatorCore(options, instruments, timeProvider ?? TimeProvider.System);
        var orders = new BinanceOrderEndpoint(core);
        var rest = new BinanceRestEndpoint(core, orders);
        var streams = new BinanceStreamEndpoint(core);
        var webSocketApi = new BinanceWebSocketApiEndpoint(core, orders);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();

        // The process that embeds the server owns SIGINT and SIGTERM; the server stops when its owner disposes it.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        var app = builder.Build();
        app.UseWebSockets();
        var pipeline = (IApplicationBuilder)app;
        foreach (var path in (string[])["/stream", "/ws", "/public/stream", "/public/ws", "/market/stream", "/market/ws", "/private/ws"])
        {
            pipeline.Map(new PathString(path), branch => branch.Run(streams.HandleAsync));
        }

        pipeline.Map(new PathString(options.Market == BinanceMarket.Spot ? "/ws-api/v3" : "/ws-fapi/v1"), branch => branch.Run(webSocketApi.HandleAsync));

        pipeline.Run(rest.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var server = new BinanceSimulatorServer(app, core, rest.Account, rest.Countdowns, recording);
        server.RestBaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Replays the next recorded events, paced by <see cref="BinanceSimulatorOptions.Speed"/>.</summary>
    /// <param name="maxEvents">The most events to replay in this call.</param>
    /// <param name="cancellationToken">Stops the replay between events: each is applied and sent whole or left for the next call.</param>
    /// <returns>How many events were replayed; fewer than asked once the recording ends.</returns>
    /// <exception cref="OperationCanceledException">The replay was stopped while it waited for an event's time.</exception>
    public Task<long> ReplayAsync(long maxEvents = long.MaxValue, CancellationToken cancellationToken = default) =>
        _replayer.ReplayAsync(maxEvents, cancellationToken);

    /// <summary>Replays until an instrument's book is built from the recording's first depth snapshot.</summary>
    /// <param name="instrument">The served instrument.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <returns>Whether the book is built; <see langword="false"/> when the recording ended first.</returns>
    public Task<bool> ReplayUntilBookAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        _replayer.ReplayUntilAsync(() => _core.RunAsync(venue => venue.Engines[instrument].Book.SyncState == BookSyncState.Synced), cancellationToken);

    /// <summary>Reads the venue's state between two of its own steps, so that the copy is consistent.</summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="read">The read; it must copy what it returns.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public Task<T> ReadAsync<T>(Func<SimulatedVenue, T> read) => _core.RunAsync(read);

    /// <summary>Reads the futures account's settings (leverage, margin type, position mode) as clients set them.</summary>
    /// <returns>A copy of the settings.</returns>
    public Task<BinanceFuturesSettings> ReadFuturesSettingsAsync() => _account.ReadAsync();

    /// <summary>Gets the futures dead-man switch's armed countdowns: each symbol's deadline on the simulator's clock.</summary>
    public IReadOnlyDictionary<InstrumentId, DateTimeOffset> ArmedCountdowns => _countdowns.Armed;

    /// <summary>Invalidates the futures listen key, as its expiry would: its stream is closed and a new key must be created.</summary>
    public void ExpireListenKey()
    {
        _core.CloseListenKey();
        foreach (var connection in _core.Connections.Where(c => c.IsListenKeyStream))
        {
            connection.Abort();
        }
    }

    /// <summary>Drops every WebSocket connection without a close frame, as a network fault would.</summary>
    public void DropConnections()
    {
        foreach (var connection in _core.Connections)
        {
            connection.Abort();
        }
    }

    /// <summary>Leaves the next depth diffs out of what every connected client is sent: a sequence gap.</summary>
    /// <param name="count">How many diffs to leave out per client.</param>
    /// <returns>Completes when set.</returns>
    public Task SkipDepthUpdatesAsync(int count) => _core.UpdateSubscriptionsAsync(() =>
    {
        foreach (var connection in _core.Connections)
        {
            connection.DepthUpdatesToSkip = count;
        }
    });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        DropConnections();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _countdowns.Dispose();
        _replayer.Dispose();
    }
}
