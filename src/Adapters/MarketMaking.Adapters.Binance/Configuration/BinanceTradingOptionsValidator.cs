using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Binance;

/// <summary>Checks <see cref="BinanceTradingOptions"/>, reporting every problem at once and never echoing a secret.</summary>
public sealed class BinanceTradingOptionsValidator : IValidateOptions<BinanceTradingOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BinanceTradingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var venue = $"Binance {options.Market}";
        var failures = BinanceOptionRules.Check(
            options,
            options.Market,
            options.RequestTimeout,
            ("RestBaseUrl", options.RestBaseUrl ?? BinanceVenue.RestBaseUrlOf(options.Market), "https", "http"),
            ("WebSocketApiUrl", options.WebSocketApiUrl ?? BinanceVenue.WebSocketApiUrlOf(options.Market), "wss", "ws"),
            ("StreamBaseUrl", options.StreamBaseUrl ?? BinanceVenue.StreamBaseUrlOf(options.Market), "wss", "ws"));
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{venue}: trading needs an API key");
        }

        if (string.IsNullOrWhiteSpace(options.ApiSecret) == string.IsNullOrWhiteSpace(options.PrivateKeyPem))
        {
            failures.Add($"{venue}: set exactly one of ApiSecret (an HMAC key) and PrivateKeyPem (an Ed25519 key)");
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero)
        {
            failures.Add($"{venue}: MaxRateLimitWait cannot be negative");
        }

        if (options.ListenKeyKeepAliveInterval <= TimeSpan.Zero || options.ListenKeyKeepAliveInterval >= TimeSpan.FromMinutes(60))
        {
            failures.Add($"{venue}: ListenKeyKeepAliveInterval must be positive and under the listen key's 60 min life");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws, for clients built without dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">Any check failed; the message lists every failure.</exception>
    public static void ThrowIfInvalid(BinanceTradingOptions options)
    {
        var result = new BinanceTradingOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(BinanceTradingOptions), typeof(BinanceTradingOptions), result.Failures);
        }
    }
}
