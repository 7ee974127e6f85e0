using System.Collections.Concurrent;
using System.Net.WebSockets;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Sends requests on one Kraken WebSocket connection and pairs each answer with its request by <c>req_id</c>, each with
/// its own timeout. A request whose answer never comes ends as <see cref="VenueOutcome.Unknown"/> when it may have
/// changed something at the venue (order entry), else as a failure.
/// </summary>
internal sealed class KrakenWsRequester
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<KrakenWsResponse>> _pending = new();
    private readonly TimeProvider _timeProvider;
    private long _lastRequestId;

    public KrakenWsRequester(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Gets or sets the connection requests go out on (set once, after construction).</summary>
    public SupervisedWebSocket? Connection { get; set; }

    /// <summary>Gets how many requests await an answer.</summary>
    public int PendingCount => _pending.Count;

    public long NextRequestId() => Interlocked.Increment(ref _lastRequestId);

    /// <summary>Sends a request and waits for its answer.</summary>
    /// <param name="requestId">The request's <c>req_id</c> (from <see cref="NextRequestId"/>).</param>
    /// <param name="message">The request's UTF-8 JSON.</param>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="changesVenueState">Whether an unanswered request may have changed something (order entry): then its outcome is unknown.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The answer (successful or not, see <see cref="KrakenWsResponse.Success"/>), or why there is none.</returns>
    public async Task<VenueResult<KrakenWsResponse>> SendAsync(
        long requestId, byte[] message, TimeSpan timeout, bool changesVenueState, CancellationToken cancellationToken)
    {
        var connection = Connection ?? throw new InvalidOperationException("No connection attached");
        var answer = new TaskCompletionSource<KrakenWsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = answer;
        try
        {
            var status = await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (status == WebSocketSendStatus.NotConnected)
            {
                return VenueResult<KrakenWsResponse>.Failure(VenueError.Transport($"Not sent: the Kraken {connection.Name} connection is not open") with { NotSent = true });
            }

            if (status == WebSocketSendStatus.Interrupted)
            {
                return Unanswered(VenueError.Transport($"The Kraken {connection.Name} connection failed while sending"), changesVenueState);
            }

            return VenueResult<KrakenWsResponse>.Success(await answer.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            return Unanswered(VenueError.Timeout($"No answer from Kraken within {timeout.TotalSeconds:0.###} s"), changesVenueState);
        }
        catch (WebSocketException exception)
        {
            return Unanswered(VenueError.Transport(exception.Message), changesVenueState);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Unanswered(VenueError.Timeout("Canceled while waiting for Kraken's answer"), changesVenueState);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Sends an application-level <c>ping</c> and waits for its <c>pong</c>.</summary>
    public Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = NextRequestId();
        return SendAsync(id, KrakenWsRequestWriter.Ping(id), timeout, changesVenueState: false, cancellationToken);
    }

    /// <summary>Hands an answer to the request waiting for it.</summary>
    /// <returns>Whether a request was waiting for it.</returns>
    public bool TryComplete(KrakenWsResponse response) =>
        response.RequestId is { } id && _pending.TryRemove(id, out var answer) && answer.TrySetResult(response);

    /// <summary>Ends every waiting request: the connection carrying them is gone.</summary>
    public void FailAll(string reason)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var answer))
            {
                answer.TrySetException(new WebSocketException($"The connection was lost before Kraken answered: {reason}"));
            }
        }
    }

    private static VenueResult<KrakenWsResponse> Unanswered(VenueError error, bool changesVenueState) =>
        changesVenueState ? VenueResult<KrakenWsResponse>.Unknown(error) : VenueResult<KrakenWsResponse>.Failure(error);
}
