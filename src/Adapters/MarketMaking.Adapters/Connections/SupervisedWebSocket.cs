using System.Buffers;
using System.Net.WebSockets;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Adapters;

/// <summary>
/// One WebSocket connection kept open until stopped: it reconnects after a drop, a refused handshake or a silence
/// longer than <see cref="WebSocketConnectionOptions.NoDataTimeout"/>, waiting an exponential backoff with jitter
/// between attempts; on every new connection it lets the <see cref="IWebSocketSessionHandler"/> restore the session;
/// it pings when the client has been quiet; and it posts every state change as a <see cref="ConnectionStateChanged"/>.
/// </summary>
/// <remarks>
/// States: <see cref="ConnectionState.Connecting"/> → <see cref="ConnectionState.Resubscribing"/> →
/// <see cref="ConnectionState.Connected"/>; on loss <see cref="ConnectionState.Reconnecting"/> (with the reason), then
/// again from Connecting; <see cref="ConnectionState.Stopped"/> after <see cref="StopAsync"/>. All waits run on the
/// given <see cref="TimeProvider"/>. Messages are handed over in order on one task. Sends are serialized.
/// </remarks>
public sealed class SupervisedWebSocket : IAsyncDisposable
{
    private readonly VenueId _venue;
    private Uri _endpoint;
    private readonly WebSocketConnectionOptions _options;
    private readonly IWebSocketSessionHandler _handler;
    private readonly IVenueEventSink _sink;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<ClientWebSocket> _socketFactory;
    private readonly ReconnectBackoff _backoff;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _stateGate = new(1, 1);
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private ClientWebSocket? _socket;
    private CancellationTokenSource? _session;
    private string? _abortReason;
    private ITimer? _watchdog;
    private Task? _run;
    private readonly object _stopGate = new();
    private Task? _stopped;
    private long _lastReceived;
    private long _lastSent;
    private int _pinging;
    private int _attempt;
    private readonly Queue<long> _attempts = new();
    private volatile bool _stopping;

    /// <summary>Initializes a supervised connection; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="venue">The venue, for events and logs.</param>
    /// <param name="name">Which connection of the adapter, such as <c>public</c> or <c>private</c>.</param>
    /// <param name="endpoint">The <c>wss://</c> (or loopback <c>ws://</c>) URL.</param>
    /// <param name="options">The timeouts and backoff.</param>
    /// <param name="handler">The venue protocol.</param>
    /// <param name="sink">Where state changes are posted.</param>
    /// <param name="timeProvider">The clock for every wait.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="socketFactory">Creates each connection's socket (to set headers or a proxy), or <see langword="null"/>.</param>
    /// <param name="backoff">The reconnection backoff, or <see langword="null"/> for one built from <paramref name="options"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public SupervisedWebSocket(
        VenueId venue,
        string name,
        Uri endpoint,
        WebSocketConnectionOptions options,
        IWebSocketSessionHandler handler,
        IVenueEventSink sink,
        TimeProvider timeProvider,
        ILogger? logger = null,
        Func<ClientWebSocket>? socketFactory = null,
        ReconnectBackoff? backoff = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _venue = venue;
        Name = name;
        _endpoint = endpoint;
        _options = options;
        _handler = handler;
        _sink = sink;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _socketFactory = socketFactory ?? (static () => new ClientWebSocket());
        _backoff = backoff ?? new ReconnectBackoff(options.InitialReconnectDelay, options.MaxReconnectDelay);
    }

    /// <summary>Gets the connection's name, such as <c>public</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Gets or sets the URL of the next connection; a change takes effect at the next (re)connection, which
    /// <see cref="Reconnect"/> forces (for a URL that carries a renewed credential, such as MEXC's listen key).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public Uri Endpoint
    {
        get => Volatile.Read(ref _endpoint);
        set => Volatile.Write(ref _endpoint, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Gets the current state.</summary>
    public ConnectionState State { get; private set; } = ConnectionState.Disconnected;

    /// <summary>Gets how many connections have been opened so far (the first one included).</summary>
    public int ConnectionCount { get; private set; }

    /// <summary>Starts connecting, and keeps the connection open until <see cref="StopAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait for the first connection (the supervisor keeps trying).</param>
    /// <returns>Completes when the first connection is <see cref="ConnectionState.Connected"/>.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException($"The {Name} connection is already started");
        }

        var period = _options.PingInterval > TimeSpan.Zero && _options.PingInterval < _options.NoDataTimeout ? _options.PingInterval : _options.NoDataTimeout;
        period = TimeSpan.FromTicks(Math.Max(period.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
        _watchdog = _timeProvider.CreateTimer(static state => ((SupervisedWebSocket)state!).OnWatchdog(), this, period, period);
        _run = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return _firstConnected.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends one text message.</summary>
    /// <param name="utf8Message">The message as UTF-8.</param>
    /// <param name="cancellationToken">Cancels waiting for an earlier send; a send once begun is not canceled.</param>
    /// <returns>Whether the message was written, not written, or perhaps written.</returns>
    public async ValueTask<WebSocketSendStatus> SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        var socket = Volatile.Read(ref _socket);
        var session = Volatile.Read(ref _session);
        if (socket is null || session is null || socket.State != WebSocketState.Open)
        {
            return WebSocketSendStatus.NotConnected;
        }

        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State != WebSocketState.Open)
            {
                return WebSocketSendStatus.NotConnected;
            }

            // Canceling a WebSocket send aborts the socket, so only the connection's own end cancels it.
            await socket.SendAsync(utf8Message, WebSocketMessageType.Text, endOfMessage: true, session.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastSent, _timeProvider.GetTimestamp());
            return WebSocketSendStatus.Sent;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return WebSocketSendStatus.Interrupted;
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Drops the current connection (as if the network had) so that a fresh one is opened, for example to resynchronize.</summary>
    /// <param name="reason">Why, for the state event and the logs.</param>
    public void Reconnect(string reason)
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is not null)
        {
            Interlocked.CompareExchange(ref _abortReason, reason, null);
            socket.Abort();
        }
    }

    /// <summary>Closes the connection gracefully (a close frame, then up to <see cref="WebSocketConnectionOptions.CloseTimeout"/>) and stops reconnecting.</summary>
    /// <param name="cancellationToken">Cancels the graceful part; the socket is closed regardless.</param>
    /// <returns>Completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        // Idempotent: every caller waits for the one stop.
        lock (_stopGate)
        {
            return _stopped ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _firstConnected.TrySetCanceled(CancellationToken.None);
        if (_run is null)
        {
            await SetStateAsync(ConnectionState.Stopped, "stopped before starting").ConfigureAwait(false);
            return;
        }

        var socket = Volatile.Read(ref _socket);
        if (socket is { State: WebSocketState.Open })
        {
            try
            {
                await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client stopping", timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendGate.Release();
                }

                // The server answers with its own close frame, which ends the receive loop.
                await _run.WaitAsync(_options.CloseTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException or IOException)
            {
                // Not graceful then: the socket is aborted below.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Volatile.Read(ref _socket)?.Abort();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _sendGate.Dispose();
        _stateGate.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !_stopping)
        {
            if (_attempt > 0)
            {
                var delay = _backoff.Delay(_attempt);
                while (_attempts.Count > 0 && _timeProvider.GetElapsedTime(_attempts.Peek()) >= _options.AttemptWindow)
                {
                    _attempts.Dequeue();
                }

                if (_attempts.Count >= _options.MaxAttemptsPerWindow)
                {
                    // The window is full: wait until its oldest attempt leaves it.
                    var wait = _options.AttemptWindow - _timeProvider.GetElapsedTime(_attempts.Peek());
                    delay = wait > delay ? wait : delay;
                }

                Log.ReconnectScheduled(_logger, _venue.Value, Name, _attempt, delay);
                try
                {
                    await Task.Delay(delay, _timeProvider, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await SetStateAsync(ConnectionState.Connecting, null).ConfigureAwait(false);
            _attempts.Enqueue(_timeProvider.GetTimestamp());
            var socket = _socketFactory();
            var endpoint = Endpoint;
            string? failure = null;
            try
            {
                using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
                await socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // Whatever stopped the handshake (refusal, DNS, TLS, timeout), the answer is the same: wait and try again.
                failure = stop.IsCancellationRequested ? "stopped" : $"connect failed: {exception.Message}";
            }

            if (failure is not null)
            {
                socket.Dispose();
                if (stop.IsCancellationRequested || _stopping)
                {
                    break;
                }

                _attempt++;
                await SetStateAsync(ConnectionState.Reconnecting, failure).ConfigureAwait(false);
                continue;
            }

            var (reason, upFor) = await RunSessionAsync(socket, endpoint, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested || _stopping)
            {
                break;
            }

            // A connection that stayed up starts the backoff again; one that dropped at once keeps doubling it.
            _attempt = upFor >= _options.StableAfter ? 1 : _attempt + 1;
            await SetStateAsync(ConnectionState.Reconnecting, reason).ConfigureAwait(false);
        }

        await SetStateAsync(ConnectionState.Stopped, "stopped").ConfigureAwait(false);
    }

    private async Task<(string Reason, TimeSpan UpFor)> RunSessionAsync(ClientWebSocket socket, Uri endpoint, CancellationToken stop)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var openedAt = _timeProvider.GetTimestamp();
        Volatile.Write(ref _lastReceived, openedAt);
        Volatile.Write(ref _lastSent, openedAt);
        Volatile.Write(ref _abortReason, null);
        Volatile.Write(ref _session, session);
        Volatile.Write(ref _socket, socket);
        if (!ReferenceEquals(endpoint, Endpoint))
        {
            // The URL changed while this connection was being opened (a renewed credential), and the Reconnect that came
            // with it found no socket to drop: this one is stale already.
            Interlocked.CompareExchange(ref _abortReason, "endpoint changed while connecting", null);
            socket.Abort();
        }

        ConnectionCount++;
        await SetStateAsync(ConnectionState.Resubscribing, null).ConfigureAwait(false);

        var receiving = ReceiveLoopAsync(socket, session);
        try
        {
            await _handler.OnConnectedAsync(session.Token).ConfigureAwait(false);
            if (!session.IsCancellationRequested)
            {
                await SetStateAsync(ConnectionState.Connected, null).ConfigureAwait(false);
                _firstConnected.TrySetResult();
            }
        }
        catch (Exception exception)
        {
            // If the connection ended while the session was being restored, the receive loop says why.
            if (!session.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref _abortReason, $"session setup failed: {exception.Message}", null);
                socket.Abort();
            }
        }

        var reason = await receiving.ConfigureAwait(false);
        Volatile.Write(ref _socket, null);
        Volatile.Write(ref _session, null);
        _handler.OnDisconnected(reason);
        socket.Dispose();
        return (reason, _timeProvider.GetElapsedTime(openedAt));
    }

    private async Task<string> ReceiveLoopAsync(ClientWebSocket socket, CancellationTokenSource session)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(64 * 1024, _options.MaxMessageBytes + 1));
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), session.Token).ConfigureAwait(false);
                    Volatile.Write(ref _lastReceived, _timeProvider.GetTimestamp());
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return $"closed by the server ({socket.CloseStatus} {socket.CloseStatusDescription})".TrimEnd();
                    }

                    count += result.Count;
                    if (count > _options.MaxMessageBytes)
                    {
                        return $"a message exceeded {_options.MaxMessageBytes} bytes";
                    }
                }
                while (!result.EndOfMessage);

                try
                {
                    await _handler.OnMessageAsync(buffer.AsMemory(0, count), result.MessageType).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The handler must not throw for bad input; if it does, the message is lost but the connection is not.
                    Log.MessageHandlerFailed(_logger, _venue.Value, Name, exception);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            return Volatile.Read(ref _abortReason) ?? (_stopping ? "stopped" : $"connection lost: {exception.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await session.CancelAsync().ConfigureAwait(false);
        }
    }

    private void OnWatchdog()
    {
        var socket = Volatile.Read(ref _socket);
        var session = Volatile.Read(ref _session);
        if (socket is null || session is null || session.IsCancellationRequested)
        {
            return;
        }

        var silentFor = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (silentFor >= _options.NoDataTimeout)
        {
            Interlocked.CompareExchange(ref _abortReason, $"no data for {silentFor.TotalSeconds:0.###} s (timeout {_options.NoDataTimeout.TotalSeconds:0.###} s)", null);
            socket.Abort();
            return;
        }

        var quietFor = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastSent));
        if (_options.PingInterval > TimeSpan.Zero && quietFor >= _options.PingInterval && Interlocked.Exchange(ref _pinging, 1) == 0)
        {
            _ = PingAsync(session.Token);
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _handler.SendPingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.PingFailed(_logger, _venue.Value, Name, exception);
        }
        finally
        {
            Volatile.Write(ref _pinging, 0);
        }
    }

    private async Task SetStateAsync(ConnectionState state, string? reason)
    {
        await _stateGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var previous = State;
            if (previous == state)
            {
                return;
            }

            State = state;
            Log.ConnectionStateChanged(_logger, _venue.Value, Name, previous, state, _attempt, reason);
            await _sink.PostAsync(new ConnectionStateChanged(_venue, Name, previous, state, reason, _timeProvider.GetUnixNanoseconds()) { Attempt = _attempt }).ConfigureAwait(false);
        }
        finally
        {
            _stateGate.Release();
        }
    }
}
