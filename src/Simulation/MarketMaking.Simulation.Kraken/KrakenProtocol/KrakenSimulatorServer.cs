using MarketMaking.Models;
using MarketMaking.Simulation.Servers;
using MarketMaking.Simulation.Venue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// The project's stand-in for Kraken: a Kestrel server on loopback speaking Kraken's REST and WebSocket v2 protocols
/// over a <see cref="SimulatedVenue"/> that replays a real recording, so that the real Kraken adapter runs end to end
/// against it.
/// </summary>
/// <remarks>
/// <para>The recording is replayed by <see cref="ReplayAsync"/>: as fast as clients take the data when
/// <see cref="KrakenSimulatorOptions.Speed"/> is 0, else at that multiple of real time (on the given
/// <see cref="TimeProvider"/>). Clients get a book per subscribed depth whose checksums verify, trades, best bid/ask,
/// and, on the authenticated endpoint, executions and balances of the one simulated account.</para>
/// <para>A request is acted on when it arrives, after the order-entry latency, which moves the replay clock forward.
/// Replayed data reaches clients after the market-data latency, which only delays sends when the replay is paced
/// (<see cref="KrakenSimulatorOptions.Speed"/> above 0).</para>
/// </remarks>
public sealed class KrakenSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly KrakenSimulatorCore _core;
    private readonly KrakenRestEndpoint _rest;
    private readonly KrakenSimulatorOptions _options;
    private readonly IEnumerator<MarketDataEvent> _recording;
    private readonly SemaphoreSlim _replayGate = new(1, 1);
    private MarketDataEvent? _pending;
    private readonly ReplayPacer _pacer;

    private KrakenSimulatorServer(WebApplication app, KrakenSimulatorCore core, KrakenRestEndpoint rest, KrakenSimulatorOptions options, IEnumerable<MarketDataEvent> recording)
    {
        _app = app;
        _core = core;
        _rest = rest;
        _options = options;
        _recording = recording.GetEnumerator();
        _pacer = new ReplayPacer(options.Speed, core.TimeProvider);
    }

    /// <summary>Gets the REST base URL, such as <c>http://127.0.0.1:51234</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>Gets the public WebSocket URL (<c>ws://…/v2</c>).</summary>
    public Uri PublicWebSocketUrl => new($"ws://{RestBaseUrl.Authority}/v2");

    /// <summary>Gets the authenticated WebSocket URL (<c>ws://…/v2-auth</c>).</summary>
    public Uri PrivateWebSocketUrl => new($"ws://{RestBaseUrl.Authority}/v2-auth");

    /// <summary>Gets the simulated venue. Read it only while no replay or request runs (between <see cref="ReplayAsync"/> calls in a test).</summary>
    public SimulatedVenue Venue => _core.Venue;

    /// <summary>Gets how many recorded events have been replayed.</summary>
    public long EventsReplayed { get; private set; }

    /// <summary>Gets whether the whole recording has been replayed.</summary>
    public bool IsReplayComplete { get; private set; }

    /// <summary>Gets how many private REST requests were refused for their key, signature or nonce.</summary>
    public int AuthenticationFailures => _rest.AuthenticationFailures;

    /// <summary>Gets how many book messages have been queued to clients (snapshots and updates).</summary>
    public long BookFramesSent => _core.BookFramesSent;

    /// <summary>Gets how many faults of each kind were injected so far, keyed by their <c>--faults</c> names (<see cref="SimulatorFaultOptions.Parse"/>).</summary>
    public IReadOnlyDictionary<string, long> InjectedFaults => _core.InjectedFaults;

    /// <summary>Returns the simulated account's trading counter on a pair: Kraken's per-pair matching-engine counter, decayed to now.</summary>
    /// <param name="instrument">The pair.</param>
    /// <returns>The counter's value (0 for a pair never traded).</returns>
    public double TradingCounter(InstrumentId instrument) => _core.Admission.Counters.Current(instrument);

    /// <summary>Gets how many book subscriptions the connected clients hold.</summary>
    public int BookSubscriptionCount => _core.Connections.Sum(c => c.Books.Count);

    /// <summary>Gets how many WebSocket clients are connected.</summary>
    public int ConnectionCount => _core.Connections.Length;

    /// <summary>Starts the server on loopback.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="instruments">The instruments served.</param>
    /// <param name="recording">The recorded market data, in order.</param>
    /// <param name="timeProvider">The clock for pacing and heartbeats, or <see langword="null"/> for the system clock.</param>
    /// <returns>The running server.</returns>
    public static async Task<KrakenSimulatorServer> StartAsync(
        KrakenSimulatorOptions options, IReadOnlyList<SimulatedInstrument> instruments, IEnumerable<MarketDataEvent> recording, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(recording);
        var core = new KrakenSimulatorCore(options, instruments, timeProvider ?? TimeProvider.System);
        var rest = new KrakenRestEndpoint(core, options);
        var ws = new KrakenWsEndpoint(core);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.ClearProviders();

        // The process that embeds the server owns SIGINT and SIGTERM; the server stops when its owner disposes it.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedServerLifetime>();
        var app = builder.Build();
        app.UseWebSockets();
        var pipeline = (IApplicationBuilder)app;
        pipeline.Map(new PathString("/v2"), branch => branch.Run(context => ws.HandleAsync(context, isPrivate: false)));
        pipeline.Map(new PathString("/v2-auth"), branch => branch.Run(context => ws.HandleAsync(context, isPrivate: true)));
        pipeline.Run(rest.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var server = new KrakenSimulatorServer(app, core, rest, options, recording);
        server.RestBaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>Replays the next recorded events, paced by <see cref="KrakenSimulatorOptions.Speed"/>.</summary>
    /// <param name="maxEvents">The most events to replay in this call.</param>
    /// <param name="cancellationToken">Stops the replay between events: each is applied and sent whole or left for the next call.</param>
    /// <returns>How many events were replayed; fewer than asked once the recording ends.</returns>
    /// <exception cref="OperationCanceledException">The replay was stopped while it waited for an event's time.</exception>
    public async Task<long> ReplayAsync(long maxEvents = long.MaxValue, CancellationToken cancellationToken = default)
    {
        await _replayGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long replayed = 0;
            while (replayed < maxEvents && !cancellationToken.IsCancellationRequested)
            {
                if (_pending is null)
                {
                    if (!_recording.MoveNext())
                    {
                        IsReplayComplete = true;
                        break;
                    }

                    _pending = _recording.Current;
                }

                // The venue acts on the event at its time; clients see it after the market-data latency. An event
                // is taken from the recording only once applied: a replay stopped while it waits for the event's
                // time leaves it for the next call (a lost depth update would put the book out of sync for good).
                var recorded = _pending;
                await _pacer.PaceAsync(recorded.TsInit, cancellationToken).ConfigureAwait(false);
                _pending = null;
                var frames = await _core.ReplayAsync(recorded).ConfigureAwait(false);
                var delivered = _pacer.PaceAsync(recorded.TsInit + _core.Venue.MarketDataLatency.NextNanoseconds(), cancellationToken);
                await delivered.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

                // Applied, so sent, even when the replay is stopped during the latency.
                await _core.SendAsync(frames).ConfigureAwait(false);
                replayed++;
                EventsReplayed++;
                await InjectFaultsAsync().ConfigureAwait(false);
                await delivered.ConfigureAwait(false);
            }

            return replayed;
        }
        finally
        {
            _replayGate.Release();
        }
    }

    /// <summary>Reads the venue's state between two of its own steps (under the gate the replay and the clients' requests take), so that the copy is consistent.</summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="read">The read; it must copy what it returns.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    public Task<T> ReadAsync<T>(Func<SimulatedVenue, T> read) => _core.RunAsync(read);

    /// <summary>Drops every WebSocket connection without a close frame, as a network fault would.</summary>
    public void DropConnections() => _core.DropConnections();

    /// <summary>Goes silent for a while: nothing is sent, nothing answered.</summary>
    /// <param name="duration">How long, on the server's clock.</param>
    public void Silence(TimeSpan duration) => _core.Silence(duration);

    /// <summary>Makes the next book update of every subscription carry a wrong checksum.</summary>
    public void CorruptNextChecksum() => _core.CorruptNextChecksum();

    /// <summary>Announces a system status (<c>online</c>, <c>maintenance</c>, <c>cancel_only</c>, <c>post_only</c>) on every connection.</summary>
    /// <param name="system">The status.</param>
    /// <returns>Completes when queued.</returns>
    public Task AnnounceStatusAsync(string system) => _core.AnnounceStatusAsync(system);

    /// <summary>Makes every WebSocket token issued so far unusable for new subscriptions, as if it had expired.</summary>
    public void ExpireTokens() => _core.ExpireTokens();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _core.Connections)
        {
            connection.Abort();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _recording.Dispose();
        _replayGate.Dispose();
    }

    private async Task InjectFaultsAsync()
    {
        var faults = _options.Faults;
        var n = EventsReplayed;
        if (faults.DisconnectEvery > 0 && n % faults.DisconnectEvery == 0)
        {
            _core.CountFault("disconnect-every");
            _core.DropConnections();
        }
        else if (_core.Chance(faults.DisconnectProbability, "disconnect-probability"))
        {
            _core.DropConnections();
        }

        if (faults.SilenceAt == n)
        {
            _core.CountFault("silence-at");
            _core.Silence(faults.SilenceFor);
        }

        if (faults.CorruptChecksumEvery > 0 && n % faults.CorruptChecksumEvery == 0)
        {
            _core.CountFault("corrupt-checksum-every");
            _core.CorruptNextChecksum();
        }

        if (faults.MaintenanceAt == n)
        {
            _core.CountFault("maintenance-at");
            await _core.AnnounceStatusAsync("maintenance").ConfigureAwait(false);
        }
    }
}
