using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>
/// A request to a venue from the moment the loop sends it until the venue's answer is posted back to the loop, kept
/// in a pool and taken again for a later request. An async method awaiting the adapter's answer would box its state
/// machine on the loop's thread for every request whose answer is not already there (every request to a real venue);
/// this waits on the adapter's awaiter with a callback made once per pooled request, so sending allocates nothing.
/// </summary>
/// <typeparam name="T">The acknowledgement the venue answers with.</typeparam>
internal sealed class InFlightRequest<T>
{
    // Taken on the loop's thread, given back on whichever thread the answer completes on.
    private static readonly ConcurrentQueue<InFlightRequest<T>> s_pool = new();

    private readonly Action _answered;
    private ConfiguredValueTaskAwaitable<VenueResult<T>>.ConfiguredValueTaskAwaiter _call;
    private OrderManager? _owner;
    private InFlightAnswer<T> _answer;

    private InFlightRequest() => _answered = Answered;

    /// <summary>
    /// Waits for a venue's answer, then has the OMS post it to the loop (<see cref="OrderManager.PostAnswer{TAck}"/>), on
    /// the thread the answer completes on; a call that threw is posted as an unknown outcome.
    /// </summary>
    /// <param name="call">The adapter's call, already made.</param>
    /// <param name="owner">The OMS that sent it.</param>
    /// <param name="answer">What the answer is posted with: the order, the action, when it was sent.</param>
    public static void Await(ValueTask<VenueResult<T>> call, OrderManager owner, in InFlightAnswer<T> answer)
    {
        var request = s_pool.TryDequeue(out var pooled) ? pooled : new InFlightRequest<T>();
        request._call = call.ConfigureAwait(false).GetAwaiter();
        request._answer = answer;
        request._owner = owner;
        if (request._call.IsCompleted)
        {
            request.Answered();
        }
        else
        {
            // No execution context to flow: posting the answer reads none.
            request._call.UnsafeOnCompleted(request._answered);
        }
    }

    private void Answered()
    {
        VenueResult<T> result;
        try
        {
            result = _call.GetResult();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The adapters return results, not exceptions; should one throw anyway, the request's fate is unknown.
            result = VenueResult<T>.Unknown(VenueError.Transport($"The adapter threw: {exception.Message}"));
        }

        var (answer, owner) = (_answer, _owner!);

        // Cleared before going back, so that the pool keeps no order or adapter state alive.
        (_call, _answer, _owner) = (default, default, null);
        s_pool.Enqueue(this);
        owner.PostAnswer(result, answer);
    }
}
