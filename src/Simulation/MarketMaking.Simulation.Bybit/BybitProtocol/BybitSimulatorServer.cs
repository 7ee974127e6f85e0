using MarketMaking.Adapters.Bybit;
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

namespace MarketMaking.Simulation.BybitProtocol;

/// <summary>
/// The project's stand-in for Bybit v5 (one category, spot or linear): a Kestrel server on loopback speaking Bybit's
/// REST order entry, public order book stream and authenticated private stream over a <see cref="SimulatedVenue"/>
/// that replays a real recording, so that the real Bybit adapter runs end to end against it.
/// </summary>
/// <remarks>
/// <para>A book topic starts with a snapshot of the venue's whole book, then one delta per replayed diff, its <c>u</c>
/// one more each time (per connection and topic). A post-only order that would take is accepted and canceled at once
/// (<c>EC_PostOnlyWillTakeLiquidity</c>), as Bybit documents; over the per-UID order rate, <c>retCode</c> 10006.</para>
/// </remarks>
public sealed class BybitSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BybitSimulatorCore _core;
    private readonly BybitAccountEndpoint _account;
    private readonly RecordingReplayer _replayer;

    private BybitSimulatorServer(WebApplication app, BybitSimulatorCore core, BybitAccountEndpoint account, IEnumerable<MarketDataEvent> recording)
    {
        _app = app;
        _core = core;
        _account = account;
        _replayer = new RecordingReplayer(recording, new ReplayPacer(core.Options.Speed, core.TimeProvider), core.ReplayAsync);
    }

    /// <summary>Gets the REST base URL, such as <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>Gets the public stream's URL (<c>/v5/public/spot</c> or <c>/v5/public/linear</c>).</summary>
    public Uri PublicWebSocketUrl => new($"ws://{RestBaseUrl.Authority}/v5/public/{_core.Category}");

    /// <summary>Gets the private stream's URL (<c>/v5/private</c>).</summary>
    public Uri PrivateWebSocketUrl => new($"ws://{RestBaseUrl.Authority}/v5/private");

    /// <summary>Gets the trade stream's URL (<c>ws://…/v5/trade</c>): order entry over the WebSocket.</summary>
    public Uri TradeWebSocketUrl => new($"ws://{RestBaseUrl.Authority}/v5/trade");

    /// <summary>Gets how many order requests came over the trade stream (authenticated, their header's time checked).</summary>
    public int TradeStreamRequests => _core.TradeStreamRequests;

    /// <summary>Gets the disconnection protection's window as the account set it, or <see langword="null"/>.</summary>
    public TimeSpan? ProtectionWindow => _core.ProtectionWindow;

    /// <summary>Gets how many times the disconnection protection canceled our orders.</summary>
    public int ProtectionTriggers => _core.ProtectionTriggers;

    /// <summary>Gets whether the protection's window is running (every private connection subscribed to <c>dcp</c> gone); a subscription stops it.</summary>
    public bool ProtectionRunning => _core.ProtectionRunning;

    /// <summary>Gets how many private connections have been authenticated and subscribed to orders and executions, in all.</summary>
    public int PrivateSubscriptions => _core.PrivateSubscriptions;

    /// <summary>Gets how many recorded events have been replayed.</summary>
    public long EventsReplayed => _replayer.EventsReplayed;

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsReplayComplete => _replayer.IsComplete;

    /// <summary>Counts the order book topics the connected clients subscribe to.</summary>
    /// <returns>The count, read between two replayed events.</returns>
    public Task<int> CountBookSubscriptionsAsync() =>
        _core.RunAsync(_ => _core.Connections.Sum(c => c.Topics.Keys.Count(topic => topic.StartsWith("orderbook.", StringComparison.Ordinal))));

    /// <summary>Starts the server on loopback.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="instruments">The instruments served.</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="timeProvider">The clock for pacing, timestamps and the order rate, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<BybitSimulatorServer> StartAsync(
        BybitSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, IEnumerable<MarketDataEvent> recording, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(recording);
        var core = new BybitSimulatorCore(options, instruments, timeProvider ?? TimeProvider.System);
        var rest = new BybitRestEndpoint(core);
        var publicStream = new BybitWebSocketEndpoint(core, isPrivate: false);
        var privateStream = new BybitWebSocketEndpoint(core, isPrivate: true);
        var trade = new BybitTradeEndpoint(core, rest);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();

        // The process that embeds the server owns SIGINT and SIGTERM; the server stops when its owner disposes it.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        var app = builder.Build();
        app.UseWebSockets();
        var pipeline = (IApplicationBuilder)app;
        pipeline.Map(new PathString($"/v5/public/{BybitVenue.WireName(options.Category)}"), branch => branch.Run(publicStream.HandleAsync));
        pipeline.Map(new PathString("/v5/private"), branch => branch.Run(privateStream.HandleAsync));
        pipeline.Map(new PathString("/v5/trade"), branch => branch.Run(trade.HandleAsync));
        pipeline.Run(rest.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var server = new BybitSimulatorServer(app, core, rest.Account, recording);
        server.RestBaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Replays the next recorded events, paced by <see cref="BybitSimulatorOptions.Speed"/>.</summary>
    /// <param name="maxEvents">The most events to replay in this call.</param>
    /// <param name="cancellationToken">Stops the replay between events.</param>
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

    /// <summary>Reads the linear account's settings (leverage, position mode, margin mode) as clients set them.</summary>
    /// <returns>A copy of the settings.</returns>
    public Task<BybitAccountSettings> ReadAccountAsync() => _account.ReadAsync();

    /// <summary>Drops every WebSocket connection without a close frame, as a network fault would.</summary>
    public void DropConnections()
    {
        foreach (var connection in _core.Connections)
        {
            connection.Abort();
        }
    }

    /// <summary>Leaves the next book deltas out of what every public client is sent, their <c>u</c> still counted: a gap.</summary>
    /// <param name="count">How many deltas to leave out per client.</param>
    /// <returns>Completes when set.</returns>
    public Task SkipBookDeltasAsync(int count) => _core.RunAsync(() =>
    {
        foreach (var connection in _core.Connections)
        {
            connection.BookDeltasToSkip = count;
        }

        return Task.CompletedTask;
    });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        DropConnections();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _replayer.Dispose();
    }
}
