using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Binance;

/// <summary>Checks <see cref="BinanceMarketDataOptions"/>, attributes included, reporting every problem at once.</summary>
public sealed class BinanceMarketDataOptionsValidator : IValidateOptions<BinanceMarketDataOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BinanceMarketDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var venue = $"Binance {options.Market}";
        var failures = BinanceOptionRules.Check(
            options,
            options.Market,
            options.RequestTimeout,
            ("RestBaseUrl", options.RestBaseUrl ?? BinanceVenue.RestBaseUrlOf(options.Market), "https", "http"),
            ("StreamBaseUrl", options.StreamBaseUrl ?? BinanceVenue.StreamBaseUrlOf(options.Market), "wss", "ws"));
        var speeds = BinanceStreams.DepthSpeeds(options.Market);
        if (!speeds.Contains(options.DepthUpdateMilliseconds))
        {
            failures.Add($"{venue}: DepthUpdateMilliseconds must be one of {string.Join(", ", speeds)}, not {options.DepthUpdateMilliseconds}");
        }

        if (options.Market != BinanceMarket.Spot && options.SnapshotDepth > 1000)
        {
            failures.Add($"{venue}: SnapshotDepth is at most 1000 on futures, not {options.SnapshotDepth}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws, for clients built without dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">Any check failed; the message lists every failure.</exception>
    public static void ThrowIfInvalid(BinanceMarketDataOptions options)
    {
        var result = new BinanceMarketDataOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(BinanceMarketDataOptions), typeof(BinanceMarketDataOptions), result.Failures);
        }
    }
}
