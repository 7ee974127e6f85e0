namespace MarketMaking.Adapters.Kraken;

/// <summary>A token for Kraken's authenticated WebSocket, from REST <c>GetWebSocketsToken</c>.</summary>
/// <param name="Token">The token; a secret, never logged.</param>
/// <param name="ExpiresIn">How long it may be used to open a subscription (Kraken: 900 s).</param>
public sealed record KrakenWebSocketToken(string Token, TimeSpan ExpiresIn)
{
    /// <summary>Returns a description without the token.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"KrakenWebSocketToken(expires in {ExpiresIn})";
}
