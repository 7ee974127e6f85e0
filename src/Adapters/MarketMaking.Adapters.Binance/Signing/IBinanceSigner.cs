namespace MarketMaking.Adapters.Binance;

/// <summary>
/// Signs a Binance request's payload with the account's API key type: HMAC-SHA256 (<see cref="BinanceHmacSigner"/>) or
/// Ed25519 (<see cref="BinanceEd25519Signer"/>, the kind Binance recommends and the one <c>session.logon</c> takes).
/// </summary>
/// <remarks>Source: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security ("SIGNED endpoint security").</remarks>
public interface IBinanceSigner
{
    /// <summary>Signs a payload: for REST the percent-encoded query or body (<see cref="BinancePayload.Rest"/>), for the WebSocket API the sorted parameters (<see cref="BinancePayload.WebSocketApi"/>).</summary>
    /// <param name="payload">The payload, without the <c>signature</c> parameter.</param>
    /// <returns>The signature as the venue takes it: lower-case hex for HMAC, base64 for Ed25519 (percent-encode it in a URL).</returns>
    string Sign(string payload);
}
