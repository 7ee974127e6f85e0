namespace MarketMaking.Adapters;

/// <summary>A request's outcome on a <see cref="WebSocketRequests{TId}"/> connection, and its answer when it came.</summary>
/// <param name="Outcome">What became of the request.</param>
/// <param name="Answer">The answer's UTF-8 bytes, when <see cref="WebSocketRequestOutcome.Answered"/>.</param>
public readonly record struct WebSocketRequestResult(WebSocketRequestOutcome Outcome, byte[]? Answer);
