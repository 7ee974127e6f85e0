using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Mexc;

/// <summary>
/// One MEXC Spot WebSocket connection and the channels it carries (at most 30): it subscribes them again on every new
/// connection, judges each subscription by MEXC's answer text (a refusal says <c>code: 0</c> too), pings with
/// <c>{"method":"PING"}</c>, hands binary pushes to its owner, and replaces itself before MEXC's 24 h limit.
/// </summary>
internal sealed class MexcSpotConnection : IWebSocketSessionHandler, IAsyncDisposable
{
    private static readonly byte[] s_ping = Encoding.UTF8.GetBytes("""{"method":"PING"}""");

    private readonly MexcSpotOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<ReadOnlyMemory<byte>, ValueTask> _onPush;
    private readonly Func<CancellationToken, Task> _onSubscribed;
    private readonly Action<string> _onDisconnected;
    private readonly List<string> _channels = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<VenueResult<bool>>> _pending = new(StringComparer.Ordinal);
    private long _nextId;
    private ITimer? _rotation;

    public MexcSpotConnection(
        string name,
        Uri endpoint,
        MexcSpotOptions options,
        IVenueEventSink sink,
        TimeProvider timeProvider,
        ILogger logger,
        Func<ReadOnlyMemory<byte>, ValueTask> onPush,
        Func<CancellationToken, Task> onSubscribed,
        Action<string> onDisconnected)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _onPush = onPush;
        _onSubscribed = onSubscribed;
        _onDisconnected = onDisconnected;
        Socket = new SupervisedWebSocket(MexcVenue.SpotId, name, endpoint, options.WebSocket, this, sink, timeProvider, logger);
    }

    public SupervisedWebSocket Socket { get; }

    public bool IsStarted { get; private set; }

    public int ChannelCount
    {
        get
        {
            lock (_channels)
            {
                return _channels.Count;
            }
        }
    }

    public bool HasRoom => ChannelCount < _options.MaxSubscriptionsPerConnection;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IsStarted = true;
        return Socket.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a channel and, when connected, subscribes it now; when not started and <paramref name="start"/>, opens the
    /// connection and waits for the answer; otherwise the next connection subscribes it.
    /// </summary>
    public async Task<VenueResult<bool>> SubscribeAsync(string channel, bool start, CancellationToken cancellationToken)
    {
        lock (_channels)
        {
            if (!_channels.Contains(channel))
            {
                _channels.Add(channel);
            }
        }

        if (Socket.State != ConnectionState.Connected)
        {
            return IsStarted || !start ? VenueResult<bool>.Success(true) : await StartThenReportAsync(channel, cancellationToken).ConfigureAwait(false);
        }

        return await SendSubscriptionAsync(channel, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        string[] channels;
        lock (_channels)
        {
            channels = [.. _channels];
        }

        foreach (var channel in channels)
        {
            var result = await SendSubscriptionAsync(channel, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && result.Error!.Kind != VenueErrorKind.PermissionDenied)
            {
                // No answer: this connection is not usable; a refused channel is reported and the others go on.
                throw new InvalidOperationException($"subscribing {channel} failed: {result.Error}");
            }
        }

        var lifetime = _options.ConnectionLifetime;
        _rotation?.Dispose();
        _rotation = _timeProvider.CreateTimer(
            static state =>
            {
                var connection = (MexcSpotConnection)state!;
                Log.ConnectionRotated(connection._logger, connection.Socket.Name, connection._options.ConnectionLifetime);
                connection.Socket.Reconnect("rotation before MEXC's 24 h limit");
            },
            this,
            lifetime,
            Timeout.InfiniteTimeSpan);
        await _onSubscribed(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        if (messageType == WebSocketMessageType.Binary)
        {
            await _onPush(message).ConfigureAwait(false);
            return;
        }

        var frame = MexcControlFrame.TryRead(message.Span);
        if (frame is null)
        {
            Log.FrameSkipped(_logger, Socket.Name, "a text frame that is not a MEXC control frame");
            return;
        }

        switch (frame.Kind)
        {
            case MexcControlFrameKind.Acknowledged:
                foreach (var channel in frame.Channels)
                {
                    Complete(channel, VenueResult<bool>.Success(true));
                }

                break;
            case MexcControlFrameKind.Refused:
                foreach (var channel in frame.Channels)
                {
                    Log.SubscriptionRefused(_logger, channel, frame.Message);
                    Complete(channel, VenueResult<bool>.Failure(new VenueError(VenueErrorKind.PermissionDenied, false, "MEXC subscription refused", $"{channel}: {frame.Message}")));
                }

                break;
            case MexcControlFrameKind.Error:
                // An error names no channel; subscriptions are sent one at a time per caller, so it answers one that waits.
                if (_pending.Keys.FirstOrDefault() is { } waiting)
                {
                    Complete(waiting, VenueResult<bool>.Failure(MexcErrors.Map(frame.Code, frame.Message)));
                }

                break;
        }
    }

    public void OnDisconnected(string reason)
    {
        foreach (var channel in _pending.Keys)
        {
            Complete(channel, VenueResult<bool>.Unknown(VenueError.Transport($"connection lost before MEXC answered: {reason}")));
        }

        _onDisconnected(reason);
    }

    public async Task SendPingAsync(CancellationToken cancellationToken) =>
        await Socket.SendAsync(s_ping, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _rotation?.Dispose();
        await Socket.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<VenueResult<bool>> StartThenReportAsync(string channel, CancellationToken cancellationToken)
    {
        // The owner started this connection for the channel: its first connection subscribes it and waits for the answer.
        var waiter = _pending.GetOrAdd(channel, static _ => new TaskCompletionSource<VenueResult<bool>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<VenueResult<bool>> SendSubscriptionAsync(string channel, CancellationToken cancellationToken)
    {
        var waiter = _pending.GetOrAdd(channel, static _ => new TaskCompletionSource<VenueResult<bool>>(TaskCreationOptions.RunContinuationsAsynchronously));
        var request = JsonSerializer.SerializeToUtf8Bytes(new { method = "SUBSCRIPTION", @params = new[] { channel }, id = Interlocked.Increment(ref _nextId) });
        if (await Socket.SendAsync(request, cancellationToken).ConfigureAwait(false) != WebSocketSendStatus.Sent)
        {
            Complete(channel, VenueResult<bool>.Unknown(VenueError.Transport("connection lost while subscribing")));
        }

        try
        {
            return await waiter.Task.WaitAsync(_options.SubscriptionTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var timedOut = VenueResult<bool>.Unknown(VenueError.Timeout($"MEXC did not answer the subscription to {channel} within {_options.SubscriptionTimeout}"));
            Complete(channel, timedOut);
            return timedOut;
        }
    }

    private void Complete(string channel, VenueResult<bool> result)
    {
        if (_pending.TryRemove(channel, out var waiter))
        {
            waiter.TrySetResult(result);
        }

        if (!result.IsSuccess && result.Error!.Kind == VenueErrorKind.PermissionDenied)
        {
            // A refused channel is not subscribed again on the next connection.
            lock (_channels)
            {
                _channels.Remove(channel);
            }
        }
    }
}
