using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// MEXC Futures' JSON WebSocket: full-depth snapshots (5/10/20 levels), deals, and, after login, the personal channels
/// (orders, fills, positions, assets). Pushes are normalized and posted to the sink; positions are raised as
/// <see cref="PositionChanged"/>.
/// </summary>
/// <remarks>
/// Protocol: <see href="https://www.mexc.com/api-docs/futures/websocket-api"/>; notes in <c>docs/protocol/mexc.md</c> §5.5.
/// <c>{"method":"ping"}</c> every <see cref="WebSocketConnectionOptions.PingInterval"/> (MEXC drops a connection after a
/// minute without one); subscriptions are answered <c>rs.sub.&lt;topic&gt;</c> or <c>rs.error</c>; the login signs
/// <c>apiKey + reqTime</c>. One connection carries every subscription, restored on reconnection.
/// </remarks>
public sealed class MexcFuturesWsClient : IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly MexcFuturesOptions _options;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MexcFuturesSigner? _signer;
    private readonly SupervisedWebSocket _socket;
    private readonly List<(string Method, object Param)> _subscriptions = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TaskCompletionSource<VenueResult<bool>>>> _pending = new(StringComparer.Ordinal);
    private bool _login;

    /// <summary>Initializes a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="sink">Where normalized events are posted.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public MexcFuturesWsClient(MexcFuturesOptions options, IVenueEventSink sink, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MexcFuturesOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MexcFuturesWsClient>();
        _signer = options.HasCredentials ? new MexcFuturesSigner(options.ApiKey!, options.ApiSecret!) : null;
        _socket = new SupervisedWebSocket(MexcVenue.FuturesId, "futures", options.WebSocketUrl, options.WebSocket, this, sink, timeProvider, _logger);
    }

    /// <summary>Raised on the receive loop with each position push.</summary>
    public event EventHandler<MexcFuturesPosition>? PositionChanged;

    /// <summary>Gets the connection's state.</summary>
    public ConnectionState State => _socket.State;

    /// <summary>Opens the connection (logging in first when credentials are set) and keeps it open until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait for the first connection.</param>
    /// <returns>Completes when connected and every subscription made so far is restored.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => _socket.StartAsync(cancellationToken);

    /// <summary>Closes the connection.</summary>
    /// <param name="cancellationToken">Cancels the graceful part.</param>
    /// <returns>Completes when closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _socket.StopAsync(cancellationToken);

    /// <summary>Subscribes a contract's top levels as full snapshots (<c>sub.depth.full</c>), posted as <see cref="BookSnapshot"/>s in contracts.</summary>
    /// <param name="instrument">The contract, such as <c>BTC_USDT</c>.</param>
    /// <param name="levels">5, 10 or 20.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success when MEXC answered <c>rs.sub.depth.full</c>; the failure it gave otherwise.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is not 5, 10 or 20.</exception>
    public Task<VenueResult<bool>> SubscribeDepthAsync(InstrumentId instrument, int levels, CancellationToken cancellationToken = default)
    {
        if (levels is not (5 or 10 or 20))
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "MEXC futures full depth is 5, 10 or 20 levels");
        }

        return SubscribeAsync("sub.depth.full", new Dictionary<string, object> { ["symbol"] = instrument.Value, ["limit"] = levels }, cancellationToken);
    }

    /// <summary>Subscribes a contract's public trades (<c>sub.deal</c>).</summary>
    /// <param name="instrument">The contract.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success when MEXC answered <c>rs.sub.deal</c>.</returns>
    public Task<VenueResult<bool>> SubscribeTradesAsync(InstrumentId instrument, CancellationToken cancellationToken = default) =>
        SubscribeAsync("sub.deal", new Dictionary<string, object> { ["symbol"] = instrument.Value }, cancellationToken);

    /// <summary>Logs in for the personal channels (orders, fills, positions, assets), now and on every reconnection.</summary>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <returns>Success when MEXC answered <c>rs.login</c> with success.</returns>
    public async Task<VenueResult<bool>> LoginAsync(CancellationToken cancellationToken = default)
    {
        if (_signer is null)
        {
            return VenueResult<bool>.Failure(new VenueError(VenueErrorKind.AuthenticationFailed, false, null, "The MEXC futures personal channels need MEXC_API_KEY and MEXC_API_SECRET"));
        }

        _login = true;
        return _socket.State == ConnectionState.Connected ? await SendLoginAsync(cancellationToken).ConfigureAwait(false) : VenueResult<bool>.Success(true);
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.OnConnectedAsync(CancellationToken cancellationToken)
    {
        if (_login && !(await SendLoginAsync(cancellationToken).ConfigureAwait(false)).IsSuccess)
        {
            throw new InvalidOperationException("MEXC futures login failed");
        }

        (string Method, object Param)[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach (var (method, param) in subscriptions)
        {
            await SendAndWaitAsync(method, param, $"rs.{method}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    async ValueTask IWebSocketSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException exception)
        {
            Log.FrameSkipped(_logger, "futures", $"not JSON: {exception.Message}");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var channel = root.TryGetProperty("channel", out var c) ? c.GetString() ?? string.Empty : string.Empty;
            if (channel.StartsWith("push.", StringComparison.Ordinal))
            {
                var events = new List<VenueEvent>(1);
                var positions = new List<MexcFuturesPosition>(0);
                if (!MexcFuturesReaders.TryReadPush(root, _timeProvider.GetUnixNanoseconds(), events, positions, out var problem))
                {
                    Log.FrameSkipped(_logger, "futures", problem!);
                    return;
                }

                foreach (var venueEvent in events)
                {
                    await _sink.PostAsync(venueEvent).ConfigureAwait(false);
                }

                foreach (var position in positions)
                {
                    PositionChanged?.Invoke(this, position);
                }
            }
            else if (MexcFuturesControlFrame.TryRead(root) is { Kind: not MexcControlFrameKind.Pong } frame)
            {
                // An error names no request: it answers one that waits.
                var queue = frame.Kind == MexcControlFrameKind.Error
                    ? _pending.Values.FirstOrDefault(q => !q.IsEmpty)
                    : _pending.GetValueOrDefault(frame.Channel);
                if (queue is not null && queue.TryDequeue(out var waiter))
                {
                    waiter.TrySetResult(frame.Kind == MexcControlFrameKind.Acknowledged
                        ? VenueResult<bool>.Success(true)
                        : VenueResult<bool>.Failure(new VenueError(
                            frame.Kind == MexcControlFrameKind.Error ? VenueErrorKind.InvalidRequest : VenueErrorKind.PermissionDenied, false, $"MEXC-F {frame.Channel}", frame.Data)));
                }
            }
        }
    }

    /// <inheritdoc/>
    void IWebSocketSessionHandler.OnDisconnected(string reason)
    {
        foreach (var queue in _pending.Values)
        {
            while (queue.TryDequeue(out var waiter))
            {
                waiter.TrySetResult(VenueResult<bool>.Unknown(VenueError.Transport($"connection lost before MEXC answered: {reason}")));
            }
        }
    }

    /// <inheritdoc/>
    async Task IWebSocketSessionHandler.SendPingAsync(CancellationToken cancellationToken) =>
        await _socket.SendAsync("""{"method":"ping"}"""u8.ToArray(), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    private async Task<VenueResult<bool>> SubscribeAsync(string method, object param, CancellationToken cancellationToken)
    {
        lock (_subscriptions)
        {
            _subscriptions.Add((method, param));
        }

        return _socket.State == ConnectionState.Connected
            ? await SendAndWaitAsync(method, param, $"rs.{method}", cancellationToken).ConfigureAwait(false)
            : VenueResult<bool>.Success(true);
    }

    private Task<VenueResult<bool>> SendLoginAsync(CancellationToken cancellationToken)
    {
        var time = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var param = new Dictionary<string, object> { ["apiKey"] = _options.ApiKey!, ["reqTime"] = time, ["signature"] = _signer!.SignLogin(time) };
        return SendAndWaitAsync("login", param, "rs.login", cancellationToken);
    }

    private async Task<VenueResult<bool>> SendAndWaitAsync(string method, object param, string answer, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<VenueResult<bool>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.GetOrAdd(answer, static _ => new()).Enqueue(waiter);
        var request = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["method"] = method, ["param"] = param });
        if (await _socket.SendAsync(request, cancellationToken).ConfigureAwait(false) != WebSocketSendStatus.Sent)
        {
            return VenueResult<bool>.Unknown(VenueError.Transport($"connection lost while sending {method}"));
        }

        try
        {
            return await waiter.Task.WaitAsync(_options.SubscriptionTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return VenueResult<bool>.Unknown(VenueError.Timeout($"MEXC did not answer {method} within {_options.SubscriptionTimeout}"));
        }
    }
}
