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

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// The project's stand-in for MEXC Spot: a Kestrel server on loopback speaking MEXC's REST API and protobuf WebSocket
/// over a <see cref="SimulatedVenue"/> that replays a real recording, so that the real MEXC adapter runs end to end
/// against it: signed order entry and queries, listen keys and the user stream, versioned depth and deals.
/// </summary>
/// <remarks>
/// <para>A recording's depth diffs are pushed with their own update ids as MEXC's <c>fromVersion</c>/<c>toVersion</c>,
/// and <c>GET depth</c> answers the venue's book as of the last push sent with its <c>lastUpdateId</c>, so a client
/// keeps its book by MEXC's versions. Nothing is published before the recording's first depth snapshot.</para>
/// <para>What MEXC does not document is chosen and said here: a <c>LIMIT_MAKER</c> order that would take is taken and
/// canceled at once (status 4 on the user stream), not refused; order entry answers 429 with <c>Retry-After</c> beyond
/// <see cref="MexcSimulatorOptions.OrderRequestsPerSecond"/>.</para>
/// </remarks>
public sealed class MexcSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MexcSimulatorCore _core;
    private readonly RecordingReplayer _replayer;

    private MexcSimulatorServer(WebApplication app, MexcSimulatorCore core, IEnumerable<MarketDataEvent> recording)
    {
        _app = app;
        _core = core;
        _replayer = new RecordingReplayer(recording, new ReplayPacer(core.Options.Speed, core.TimeProvider), core.ReplayAsync);
    }

    /// <summary>Gets the REST base URL, such as <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>Gets the WebSocket URL (<c>/ws</c>; the user stream adds <c>?listenKey=</c>).</summary>
    public Uri WebSocketUrl => new($"ws://{RestBaseUrl.Authority}/ws");

    /// <summary>Gets how many recorded events have been replayed.</summary>
    public long EventsReplayed => _replayer.EventsReplayed;

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsReplayComplete => _replayer.IsComplete;

    /// <summary>Gets how many depth snapshots were served.</summary>
    public int DepthSnapshotsServed => _core.DepthSnapshotsServed;

    /// <summary>Gets how many user stream connections (on a listen key) have subscribed to orders, deals and account, in all: 1, plus one per reconnection.</summary>
    public int UserStreamSubscriptions => _core.UserStreamSubscriptions;

    /// <summary>Counts the depth channels the connected clients subscribe to.</summary>
    /// <returns>The count, read between two replayed events.</returns>
    public Task<int> CountDepthSubscriptionsAsync() =>
        _core.RunAsync(_ => _core.Connections.Sum(c => c.Channels.Count(channel => channel.StartsWith(MexcPushWriter.DepthPrefix, StringComparison.Ordinal))));

    /// <summary>Starts the server on loopback.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="instruments">The instruments served: their specs are the rules <c>exchangeInfo</c> serves (tick and lot from the precisions, minimum quantity and notional).</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="timeProvider">The clock for pacing, timestamps and the order rate, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<MexcSimulatorServer> StartAsync(
        MexcSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, IEnumerable<MarketDataEvent> recording, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(recording);
        var core = new MexcSimulatorCore(options, instruments, timeProvider ?? TimeProvider.System);
        var rest = new MexcRestEndpoint(core);
        var webSocket = new MexcWebSocketEndpoint(core);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();

        // The process that embeds the server owns SIGINT and SIGTERM; the server stops when its owner disposes it.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        var app = builder.Build();
        app.UseWebSockets();
        var pipeline = (IApplicationBuilder)app;
        pipeline.Map(new PathString("/ws"), branch => branch.Run(webSocket.HandleAsync));
        pipeline.Run(rest.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var server = new MexcSimulatorServer(app, core, recording);
        server.RestBaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Replays the next recorded events, paced by <see cref="MexcSimulatorOptions.Speed"/>.</summary>
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

    /// <summary>Drops every WebSocket connection without a close frame, as a network fault would.</summary>
    public void DropConnections()
    {
        foreach (var connection in _core.Connections)
        {
            connection.Abort();
        }
    }

    /// <summary>Leaves the next depth pushes out of what every connected client is sent: a version gap.</summary>
    /// <param name="count">How many pushes to leave out per client.</param>
    /// <returns>Completes when set.</returns>
    public Task SkipDepthPushesAsync(int count) => _core.UpdateConnectionsAsync(() =>
    {
        foreach (var connection in _core.Connections)
        {
            connection.DepthPushesToSkip = count;
        }
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
