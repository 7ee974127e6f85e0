using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// Bybit v5's private stream (<c>/v5/private</c>, every category): authenticated with <c>op: auth</c> (an HMAC of
/// <c>GET/realtime</c> and an expiry a few seconds ahead), then subscribed to <c>order</c>, <c>execution</c> and
/// <c>wallet</c> (balances, <see cref="BybitWalletMessage"/>), <c>position</c> on linear (<see cref="BybitPositionMessage"/>),
/// and <c>dcp.spot</c> or <c>dcp.future</c> with <see cref="BybitTradingOptions.DisconnectProtection"/>; order
/// updates and fills (deduplicated by the OMS on <c>execId</c>), funding payments, balances and positions are posted to the sink.
/// </summary>
/// <remarks>
/// The connection is supervised (<see cref="SupervisedWebSocket"/>): reconnection with backoff, authenticated and
/// subscribed again each time, a <c>ping</c> every 20 s as Bybit asks. Events missed while disconnected are not replayed:
/// the OMS reconciles after a reconnection. Sources: <see href="https://bybit-exchange.github.io/docs/v5/ws/connect"/>,
/// <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/order"/>, <see href="https://bybit-exchange.github.io/docs/v5/websocket/private/execution"/>.
/// </remarks>
public sealed class BybitPrivateStreamClient : IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BybitTradingOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly BybitSigner _signer;
    private readonly SupervisedWebSocket _socket;
    private readonly BybitRequests _requests;
    private readonly BybitOrderEntryClient? _serverClock;
    private int _subscriptions;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (the key and secret; the category names the venue id of the events).</param>
    /// <param name="sink">Where the account's events are posted.</param>
    /// <param name="timeProvider">The clock of the expiry and every wait.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <param name="serverClock">
    /// The category's REST client, whose reading of Bybit's clock (<see cref="BybitOrderEntryClient.ClockOffset"/>) the
    /// <c>auth</c> expiry follows, and which reads it again when an <c>auth</c> is refused; or <see langword="null"/> for
    /// this machine's clock alone.
    /// </param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The key or secret is missing.</exception>
    public BybitPrivateStreamClient(BybitTradingOptions options, IVenueEventSink sink, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, BybitOrderEntryClient? serverClock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.ThrowIfInvalid();
        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BybitPrivateStreamClient>();
        _signer = new BybitSigner(options.ApiKey!, options.ApiSecret!);
        _socket = new SupervisedWebSocket(
            BybitVenue.IdOf(options.Category),
            "private",
            options.PrivateWebSocketUrl ?? BybitVenue.PrivateWebSocketUrl,
            new WebSocketConnectionOptions { PingInterval = TimeSpan.FromSeconds(20), NoDataTimeout = TimeSpan.FromSeconds(60) },
            this,
            sink,
            timeProvider,
            _logger);
        _requests = new BybitRequests(_socket, options.RequestTimeout, timeProvider);
        _serverClock = serverClock;
    }

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket.State;

    /// <summary>Gets how many times the stream has been authenticated and subscribed: 1, plus one per reconnection.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    /// <summary>Connects; the supervisor authenticates and subscribes on every connection.</summary>
    /// <param name="cancellationToken">Cancels the first attempt.</param>
    /// <returns>Completes when the first connection is up and subscribed, or the supervisor took over.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => _socket.StartAsync(cancellationToken);

    /// <summary>Closes the connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close.</param>
    /// <returns>Completes when closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _socket.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        var refused = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        if (refused is not null && _serverClock is not null && (await _serverClock.SynchronizeClockAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            // An expiry already past on Bybit's clock (this machine's behind it) is refused as any bad auth: once more on Bybit's time.
            refused = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
        }

        refused ??= await _requests.SendAsync("subscribe", Topics(), cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            // Drops this connection; the supervisor tries again after its backoff.
            throw new InvalidOperationException($"Bybit refused the private stream: {refused}");
        }

        Interlocked.Increment(ref _subscriptions);
    }

    /// <summary>Sends <c>auth</c>, its expiry ten seconds ahead on Bybit's clock as last read: the refusal, or <see langword="null"/>.</summary>
    private Task<string?> AuthenticateAsync(CancellationToken cancellationToken) =>
        _requests.SendAsync("auth", _signer.WebSocketAuthArguments(_serverClock?.ServerNow ?? _timeProvider.GetUtcNow()), cancellationToken);

    /// <inheritdoc/>
    async ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        IReadOnlyList<VenueEvent> events;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.TryGetProperty("op", out var op))
            {
                _requests.Answer(root);
                return;
            }

            var venue = BybitVenue.IdOf(_options.Category);
            var now = _timeProvider.GetUnixNanoseconds();
            events = root.TryGetProperty("topic", out var topic) ? topic.GetString() switch
            {
                "order" => BybitOrderMessage.Parse(message.Span, venue, now),
                "execution" => BybitExecutionMessage.Parse(message.Span, venue, now),
                "wallet" => BybitWalletMessage.Parse(message.Span, venue, now),
                "position" => BybitPositionMessage.Parse(message.Span, venue, now),
                _ => [],
            } : [];
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            Log.MessageSkipped(_logger, "private", exception.Message);
            return;
        }

        foreach (var venueEvent in events)
        {
            await _sink.PostAsync(venueEvent).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason)
    {
        _requests.FailAll(reason);
    }

    /// <summary>The topics subscribed: orders, executions and the wallet, positions on derivatives, and the disconnection protection's when asked for.</summary>
    private object[] Topics()
    {
        List<object> topics = ["order", "execution", "wallet"];
        if (_options.Category != BybitCategory.Spot)
        {
            topics.Add("position");
        }

        if (_options.DisconnectProtection)
        {
            topics.Add(_options.Category == BybitCategory.Spot ? "dcp.spot" : "dcp.future");
        }

        return [.. topics];
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken) =>
        await _requests.SendAsync("ping", null, cancellationToken).ConfigureAwait(false);


}
