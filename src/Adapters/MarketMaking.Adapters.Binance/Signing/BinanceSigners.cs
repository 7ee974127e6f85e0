namespace MarketMaking.Adapters.Binance;

/// <summary>The signer for the key in a client's settings.</summary>
internal static class BinanceSigners
{
    /// <summary>HMAC with <see cref="BinanceTradingOptions.ApiSecret"/> when set, else Ed25519 with <see cref="BinanceTradingOptions.PrivateKeyPem"/>.</summary>
    /// <param name="options">Validated settings: one of the two is set.</param>
    /// <returns>The signer.</returns>
    /// <exception cref="FormatException">The PEM cannot be read as an Ed25519 key.</exception>
    public static IBinanceSigner Of(BinanceTradingOptions options) =>
        options.ApiSecret is { Length: > 0 } secret ? new BinanceHmacSigner(secret) : BinanceEd25519Signer.FromPem(options.PrivateKeyPem!);
}
