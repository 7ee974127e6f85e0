using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// A futures account's user data stream (USD-M or COIN-M) on a listen key: order updates, fills, balances and funding
/// fees (<see cref="BinanceUserDataMessage"/>) posted to an <see cref="IVenueEventSink"/>.
/// </summary>
/// <remarks>
/// <para>The key is created with <c>POST listenKey</c> (the API key, no signature), read at
/// <c>/private/ws/&lt;key&gt;</c> on USD-M (the private route since 2025) or <c>/ws/&lt;key&gt;</c> on COIN-M, kept alive
/// with <c>PUT</c> every <see cref="BinanceTradingOptions.ListenKeyKeepAliveInterval"/> (it lives 60 minutes), and created
/// again (Binance returns the active key, or a new one) when the keep-alive says it is gone (<c>-1125</c>), when Binance
/// sends <c>listenKeyExpired</c>, and after every lost connection, before the supervisor's next attempt.</para>
/// <para>Source: <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/user-data-streams"/>.</para>
/// </remarks>
public sealed class BinanceFuturesUserStreamClient : IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BinanceTradingOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly BinanceOrderEntryClient _rest;
    private readonly ILogger _logger;
    private readonly Uri _streamBase;
    private readonly CancellationTokenSource _stop = new();
    private SupervisedWebSocket? _socket;
    private ITimer? _keepAlive;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings (a futures market); validated here.</param>
    /// <param name="sink">Where the account's events are posted.</param>
    /// <param name="timeProvider">The clock of the keep-alive and every wait.</param>
    /// <param name="rest">The order entry client of the same account and market: it carries the listen key's requests.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="NotSupportedException">The market is spot (its stream is <see cref="BinanceUserStreamClient"/>).</exception>
    public BinanceFuturesUserStreamClient(BinanceTradingOptions options, IVenueEventSink sink, TimeProvider timeProvider, BinanceOrderEntryClient rest, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(rest);
        BinanceTradingOptionsValidator.ThrowIfInvalid(options);
        if (options.Market == BinanceMarket.Spot)
        {
            throw new NotSupportedException("Spot's user data stream is read over the WebSocket API: use BinanceUserStreamClient");
        }

        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _rest = rest;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<BinanceFuturesUserStreamClient>();
        _streamBase = options.StreamBaseUrl ?? BinanceVenue.StreamBaseUrlOf(options.Market);
    }

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket?.State ?? ConnectionState.Disconnected;

    /// <summary>Gets how many connections the stream has opened: 1, plus one per reconnection.</summary>
    public int Connections => _socket?.ConnectionCount ?? 0;

    /// <summary>Creates the listen key, connects, and keeps both alive until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the first connection attempt (the supervisor keeps trying).</param>
    /// <returns>Success once connected; the failure when the key could not be created.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public async Task<VenueResult<bool>> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("The futures user data stream is already started");
        }

        var key = await AcquireKeyAsync(cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.WithoutValue<bool>();
        }

        // A quiet account sends nothing for hours and the stream has no request to ping with: a dead connection is
        // found by WebSocket pings instead (a pong missing for 10 s closes it), not by a silence watchdog.
        _socket = new SupervisedWebSocket(
            BinanceVenue.IdOf(_options.Market),
            "user",
            EndpointOf(key.Value),
            new WebSocketConnectionOptions { NoDataTimeout = TimeSpan.FromDays(1), PingInterval = TimeSpan.FromDays(1) },
            this,
            _sink,
            _timeProvider,
            _logger,
            static () => new ClientWebSocket { Options = { KeepAliveInterval = TimeSpan.FromSeconds(20), KeepAliveTimeout = TimeSpan.FromSeconds(10) } });
        _keepAlive = _timeProvider.CreateTimer(static state => _ = ((BinanceFuturesUserStreamClient)state!).KeepAliveAsync(), this, _options.ListenKeyKeepAliveInterval, _options.ListenKeyKeepAliveInterval);
        await _socket.StartAsync(cancellationToken).ConfigureAwait(false);
        return VenueResult<bool>.Success(true);
    }

    /// <summary>Closes the stream and its listen key.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _keepAlive?.Dispose();
        if (_socket is not null)
        {
            await _socket.StopAsync(cancellationToken).ConfigureAwait(false);
            await _rest.SendKeyedAsync(HttpMethod.Delete, "listenKey", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        if (_socket is not null)
        {
            await _socket.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    /// <inheritdoc/>
    Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    async ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        IReadOnlyList<VenueEvent> events;
        try
        {
            if (IsListenKeyExpired(message.Span))
            {
                _ = RenewAsync("Binance said the listen key expired");
                return;
            }

            events = BinanceUserDataMessage.Parse(message.Span, BinanceVenue.IdOf(_options.Market), _timeProvider.GetUnixNanoseconds());
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            Log.MessageSkipped(_logger, "user", exception.Message);
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
        // The key may be what failed: read the active one (or a new one) before the next attempt.
        if (!_stop.IsCancellationRequested)
        {
            _ = RefreshEndpointAsync();
        }
    }

    /// <inheritdoc/>
    Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsListenKeyExpired(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("e", out var type) && type.GetString() == "listenKeyExpired";
    }

    private Uri EndpointOf(string key) =>
        new(_streamBase, _options.Market == BinanceMarket.UsdM ? $"/private/ws/{Uri.EscapeDataString(key)}" : $"/ws/{Uri.EscapeDataString(key)}");

    private async Task<VenueResult<string>> AcquireKeyAsync(CancellationToken cancellationToken)
    {
        var answer = await _rest.SendKeyedAsync(HttpMethod.Post, "listenKey", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            return answer.WithoutValue<string>();
        }

        using var document = JsonDocument.Parse(answer.Value);
        return VenueResult<string>.Success(document.RootElement.GetProperty("listenKey").GetString()!);
    }

    private async Task KeepAliveAsync()
    {
        var answer = await _rest.SendKeyedAsync(HttpMethod.Put, "listenKey", _stop.Token).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Error!.VenueCode == "Binance -1125")
        {
            await RenewAsync("the listen key no longer exists").ConfigureAwait(false);
        }
    }

    private async Task RenewAsync(string reason)
    {
        if (await RefreshEndpointAsync().ConfigureAwait(false))
        {
            _socket?.Reconnect(reason);
        }
    }

    private async Task<bool> RefreshEndpointAsync()
    {
        try
        {
            var key = await AcquireKeyAsync(_stop.Token).ConfigureAwait(false);
            if (key.IsSuccess && _socket is not null)
            {
                _socket.Endpoint = EndpointOf(key.Value);
                return true;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping.
        }

        return false;
    }
}
