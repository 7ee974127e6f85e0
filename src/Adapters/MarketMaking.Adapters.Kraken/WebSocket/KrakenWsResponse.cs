using System.Text.Json;

namespace MarketMaking.Adapters.Kraken;

/// <summary>
/// Kraken's answer to a WebSocket v2 request: <c>{"method","req_id","success","result"|"error","time_in","time_out"}</c>.
/// </summary>
/// <remarks>Source: <see href="https://docs.kraken.com/api/docs/websocket-v2/add_order"/> (every method answers in this envelope).</remarks>
/// <param name="Method">The method answered, such as <c>add_order</c>, <c>subscribe</c> or <c>pong</c>.</param>
/// <param name="RequestId">The echoed <c>req_id</c>, or <see langword="null"/>.</param>
/// <param name="Success">Whether the request succeeded (a pong, which carries no flag, counts as success).</param>
/// <param name="Error">Kraken's error string on failure (one string on WebSocket, unlike REST's array), or <see langword="null"/>.</param>
/// <param name="Message">The whole message (a detached copy): <c>result</c> and any top-level extras such as <c>orders_cancelled</c>.</param>
/// <param name="TimeInNanoseconds">When Kraken received the request, in ns since the Unix epoch (0 when absent).</param>
/// <param name="TimeOutNanoseconds">When Kraken sent the answer, in ns since the Unix epoch (0 when absent).</param>
internal sealed record KrakenWsResponse(
    string Method,
    long? RequestId,
    bool Success,
    string? Error,
    JsonElement Message,
    long TimeInNanoseconds,
    long TimeOutNanoseconds)
{
    /// <summary>Gets the <c>result</c> member, or an undefined element.</summary>
    public JsonElement Result => Message.TryGetProperty("result", out var result) ? result : default;
}
