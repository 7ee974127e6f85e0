using System.Collections.Concurrent;

namespace MarketMaking.Adapters;

/// <summary>
/// Requests on one supervised WebSocket connection, each paired with its answer by an id the venue echoes (Binance's
/// WebSocket API <c>id</c>, Bybit's trade stream <c>reqId</c>): a request waits for the connection to be ready (open,
/// and authenticated where the venue asks) up to its time-out, is written, and waits for its answer up to the same
/// time-out. The outcome says whether the venue may have acted on it (<see cref="WebSocketRequestOutcome"/>), which for
/// order entry is the difference between a failure and an unknown outcome.
/// </summary>
/// <remarks>
/// The session handler calls <see cref="MarkReady"/> once a connection is ready, <see cref="TryAnswer"/> for each
/// answer it reads, and <see cref="MarkLost"/> when the connection is lost (every request waiting then ends
/// <see cref="WebSocketRequestOutcome.Lost"/>, and new ones wait for the next connection). Thread-safe.
/// </remarks>
/// <typeparam name="TId">The request id's type.</typeparam>
public sealed class WebSocketRequests<TId>
    where TId : notnull
{
    private readonly SupervisedWebSocket _socket;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<TId, TaskCompletionSource<byte[]?>> _pending = new();
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes the requests of a connection.</summary>
    /// <param name="socket">The connection.</param>
    /// <param name="timeProvider">The clock of every wait.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public WebSocketRequests(SupervisedWebSocket socket, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _socket = socket;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets whether the connection is ready for requests now.</summary>
    public bool IsReady => Volatile.Read(ref _ready).Task.IsCompleted;

    /// <summary>Says the connection is ready: requests waiting for it go out.</summary>
    public void MarkReady() => Volatile.Read(ref _ready).TrySetResult();

    /// <summary>Says the connection is lost: requests still waiting for an answer end lost, and new ones wait for the next connection.</summary>
    public void MarkLost()
    {
        var ready = Volatile.Read(ref _ready);
        if (ready.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _ready, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), ready);
        }

        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult(null);
            }
        }
    }

    /// <summary>Hands an answer to the request waiting for it.</summary>
    /// <param name="id">The id the answer carries.</param>
    /// <param name="answer">The answer (copied).</param>
    /// <returns>Whether a request was waiting for it.</returns>
    public bool TryAnswer(TId id, ReadOnlySpan<byte> answer) => _pending.TryRemove(id, out var waiter) && waiter.TrySetResult(answer.ToArray());

    /// <summary>Sends a request once the connection is ready, and waits for its answer.</summary>
    /// <param name="id">The id the venue echoes in the answer; unique among the requests waiting.</param>
    /// <param name="message">The request's UTF-8 bytes.</param>
    /// <param name="timeout">How long to wait for the connection to be ready, and then for the answer.</param>
    /// <param name="waitUntilReady">Whether to wait for a ready connection (false for the request that makes it ready, such as an auth).</param>
    /// <param name="cancellationToken">Cancels the waits (the request may still reach the venue).</param>
    /// <returns>What became of it, and the answer when it came.</returns>
    public async Task<WebSocketRequestResult> SendAsync(TId id, byte[] message, TimeSpan timeout, bool waitUntilReady, CancellationToken cancellationToken)
    {
        var ready = Volatile.Read(ref _ready).Task;
        if (waitUntilReady && !ready.IsCompleted)
        {
            try
            {
                await ready.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return new WebSocketRequestResult(WebSocketRequestOutcome.NotSent, null);
            }
        }

        var waiter = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        try
        {
            var sent = await _socket.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (sent == WebSocketSendStatus.NotConnected)
            {
                return new WebSocketRequestResult(WebSocketRequestOutcome.NotSent, null);
            }

            var answer = sent == WebSocketSendStatus.Sent ? await waiter.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false) : null;
            return answer is null ? new WebSocketRequestResult(WebSocketRequestOutcome.Lost, null) : new WebSocketRequestResult(WebSocketRequestOutcome.Answered, answer);
        }
        catch (TimeoutException)
        {
            return new WebSocketRequestResult(WebSocketRequestOutcome.TimedOut, null);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }
}
