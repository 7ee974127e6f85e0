using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace MarketMaking.Adapters.Bybit;

/// <summary>
/// A Bybit stream's requests (<c>auth</c>, <c>subscribe</c>, <c>unsubscribe</c>, <c>ping</c>), each sent with a
/// <c>req_id</c> and answered by it: <see langword="null"/> when Bybit said success, else why not.
/// </summary>
/// <param name="socket">The connection the requests go on.</param>
/// <param name="timeout">How long an answer is waited for.</param>
/// <param name="timeProvider">The clock of the wait.</param>
internal sealed class BybitRequests(SupervisedWebSocket socket, TimeSpan timeout, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _pending = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>Sends a request and waits for its answer.</summary>
    /// <param name="op">The operation.</param>
    /// <param name="args">Its arguments, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns><see langword="null"/> on success, else why not (a refusal, a lost connection, no answer in time).</returns>
    public async Task<string?> SendAsync(string op, object[]? args, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var waiter = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        object request = args is null ? new { req_id = id, op } : new { req_id = id, op, args };
        if (await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), cancellationToken).ConfigureAwait(false) != WebSocketSendStatus.Sent)
        {
            _pending.TryRemove(id, out _);
            return $"connection lost while sending {op}";
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            return $"Bybit did not answer {op} within {timeout}";
        }
    }

    /// <summary>Completes the request an answer names (a message with <c>op</c>); a pong carries no success flag.</summary>
    /// <param name="root">The answer.</param>
    public void Answer(JsonElement root)
    {
        var op = root.TryGetProperty("op", out var given) ? given.GetString() : null;
        var id = root.TryGetProperty("req_id", out var requestId) ? requestId.GetString() : null;
        if (id is null || !_pending.TryRemove(id, out var waiter))
        {
            return;
        }

        var refused = op != "pong" && root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False
            ? root.TryGetProperty("ret_msg", out var message) && message.GetString() is { Length: > 0 } text ? text : $"{op} refused"
            : null;
        waiter.TrySetResult(refused);
    }

    /// <summary>Fails every request still waiting: the connection dropped.</summary>
    /// <param name="reason">Why.</param>
    public void FailAll(string reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetResult($"connection lost before Bybit answered: {reason}");
            }
        }
    }
}
