using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Adapters.Binance;

/// <summary>
/// One combined-stream connection and the streams it carries: it subscribes them all again on every new connection
/// (one <c>SUBSCRIBE</c> request, its answer awaited), hands each stream message to its owner in order, and when quiet
/// asks <c>LIST_SUBSCRIPTIONS</c>, whose answer proves the connection alive (Binance pings the client, and .NET answers
/// those pings itself).
/// </summary>
/// <remarks>
/// Binance takes at most 5 incoming messages a second per spot connection (10 on futures) and 1024 streams: requests
/// here are one per subscription call plus the quiet-time ping. Source:
/// <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>, "Live Subscribing/Unsubscribing to streams".
/// </remarks>
internal sealed class BinanceStreamConnection : IWebSocketSessionHandler, IAsyncDisposable
{
    private readonly BinanceMarketDataOptions _options;
    private readonly VenueId _venue;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<MarketDataEvent, ValueTask> _onEvent;
    private readonly Func<Task> _onSubscribed;
    private readonly Action<string> _onDisconnected;
    private readonly List<string> _streams = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<VenueResult<bool>>> _pending = new();
    private long _nextId;

    public BinanceStreamConnection(
        string name,
        Uri endpoint,
        BinanceMarketDataOptions options,
        IVenueEventSink sink,
        TimeProvider timeProvider,
        ILogger logger,
        Func<MarketDataEvent, ValueTask> onEvent,
        Func<Task> onSubscribed,
        Action<string> onDisconnected)
    {
        _options = options;
        _venue = BinanceVenue.IdOf(options.Market);
        _timeProvider = timeProvider;
        _logger = logger;
        _onEvent = onEvent;
        _onSubscribed = onSubscribed;
        _onDisconnected = onDisconnected;
        Socket = new SupervisedWebSocket(_venue, name, endpoint, options.WebSocket, this, sink, timeProvider, logger);
    }

    public SupervisedWebSocket Socket { get; }

    public bool IsStarted { get; private set; }

    /// <summary>Adds a stream: subscribed now when connected, by the first connection when not started, else by the next one.</summary>
    public async Task<VenueResult<bool>> SubscribeAsync(string stream, CancellationToken cancellationToken)
    {
        lock (_streams)
        {
            if (_streams.Contains(stream))
            {
                return VenueResult<bool>.Success(true);
            }

            _streams.Add(stream);
        }

        if (Socket.State == ConnectionState.Connected)
        {
            return await RequestAsync("SUBSCRIBE", [stream], cancellationToken).ConfigureAwait(false);
        }

        if (!IsStarted)
        {
            // The first connection subscribes every stream added so far and is up once they are answered.
            IsStarted = true;
            await Socket.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        return VenueResult<bool>.Success(true);
    }

    public async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        string[] streams;
        lock (_streams)
        {
            streams = [.. _streams];
        }

        if (streams.Length > 0)
        {
            var result = await RequestAsync("SUBSCRIBE", streams, cancellationToken).ConfigureAwait(false);
            if (result.IsOutcomeUnknown)
            {
                // No answer: this connection is not usable.
                throw new InvalidOperationException($"subscribing failed: {result.Error}");
            }
        }

        await _onSubscribed().ConfigureAwait(false);
    }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, WebSocketMessageType messageType)
    {
        var read = BinanceStreamMessage.Read(message.Span, _venue, _timeProvider.GetUnixNanoseconds());
        if (read.Event is not null)
        {
            await _onEvent(read.Event).ConfigureAwait(false);
        }
        else if (read.ReplyId is { } id && _pending.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(read.ReplyError is null ? VenueResult<bool>.Success(true) : VenueResult<bool>.Failure(read.ReplyError));
        }
        else if (read.Problem is not null)
        {
            Log.MessageSkipped(_logger, Socket.Name, read.Problem);
        }
    }

    public void OnDisconnected(string reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(VenueResult<bool>.Unknown(VenueError.Transport($"connection lost before Binance answered: {reason}")));
            }
        }

        _onDisconnected(reason);
    }

    public async Task SendPingAsync(CancellationToken cancellationToken) =>
        await RequestAsync("LIST_SUBSCRIPTIONS", null, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => Socket.DisposeAsync();

    private async Task<VenueResult<bool>> RequestAsync(string method, string[]? streams, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var waiter = new TaskCompletionSource<VenueResult<bool>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        var request = streams is null
            ? JsonSerializer.SerializeToUtf8Bytes(new { method, id })
            : JsonSerializer.SerializeToUtf8Bytes(new { method, @params = streams, id });
        if (await Socket.SendAsync(request, cancellationToken).ConfigureAwait(false) != WebSocketSendStatus.Sent)
        {
            _pending.TryRemove(id, out _);
            return VenueResult<bool>.Unknown(VenueError.Transport($"connection lost while sending {method}"));
        }

        VenueResult<bool> result;
        try
        {
            result = await waiter.Task.WaitAsync(_options.RequestTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            result = VenueResult<bool>.Unknown(VenueError.Timeout($"Binance did not answer {method} within {_options.RequestTimeout}"));
        }

        if (!result.IsSuccess && streams is not null && !result.IsOutcomeUnknown)
        {
            // A refused stream is not asked for again on the next connection.
            Log.SubscriptionRefused(_logger, Socket.Name, string.Join(",", streams), result.Error!);
            lock (_streams)
            {
                _streams.RemoveAll(streams.Contains);
            }
        }

        return result;
    }
}
