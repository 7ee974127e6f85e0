namespace MarketMaking.Adapters;

/// <summary>What became of a request sent with <see cref="WebSocketRequests{TId}"/>.</summary>
public enum WebSocketRequestOutcome
{
    /// <summary>The answer came (<see cref="WebSocketRequestResult.Answer"/>).</summary>
    Answered = 0,

    /// <summary>Not written: the connection was not open (or not ready) in time. The venue did not get it.</summary>
    NotSent = 1,

    /// <summary>Written (or perhaps written), then the connection was lost before the answer: the venue may have acted on it.</summary>
    Lost = 2,

    /// <summary>Written, and no answer came in time: the venue may have acted on it.</summary>
    TimedOut = 3,
}
