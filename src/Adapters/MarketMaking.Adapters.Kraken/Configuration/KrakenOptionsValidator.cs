using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Checks <see cref="KrakenOptions"/> beyond their attributes, reporting every problem at once.</summary>
public sealed class KrakenOptionsValidator : IValidateOptions<KrakenOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, KrakenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckUrl(failures, nameof(KrakenOptions.RestBaseUrl), options.RestBaseUrl, "https", "http");
        CheckUrl(failures, nameof(KrakenOptions.PublicWebSocketUrl), options.PublicWebSocketUrl, "wss", "ws");
        CheckUrl(failures, nameof(KrakenOptions.PrivateWebSocketUrl), options.PrivateWebSocketUrl, "wss", "ws");
        if (string.IsNullOrWhiteSpace(options.ApiKey) != string.IsNullOrWhiteSpace(options.ApiSecret))
        {
            failures.Add("Kraken: set both ApiKey and ApiSecret (KRAKEN_API_KEY, KRAKEN_API_SECRET), or neither");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiSecret) && !IsBase64(options.ApiSecret))
        {
            failures.Add("Kraken: ApiSecret (KRAKEN_API_SECRET) is not valid Base64");
        }

        if (options.Tier == KrakenTier.Unspecified)
        {
            failures.Add("Kraken: Tier must be Starter, Intermediate or Pro");
        }
        else if (options.CancelReserve >= KrakenRateLimits.TradingCounterThreshold(options.Tier))
        {
            failures.Add($"Kraken: CancelReserve {options.CancelReserve} must be below the {options.Tier} threshold {KrakenRateLimits.TradingCounterThreshold(options.Tier)}");
        }

        if (options.DeadManSwitchRefreshInterval > TimeSpan.Zero && options.DeadManSwitchRefreshInterval >= options.DeadManSwitchTimeout)
        {
            failures.Add($"Kraken: DeadManSwitchRefreshInterval {options.DeadManSwitchRefreshInterval} must be shorter than DeadManSwitchTimeout {options.DeadManSwitchTimeout}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws, for clients built without dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">Any check failed; the message lists every failure.</exception>
    public static void ThrowIfInvalid(KrakenOptions options)
    {
        var result = new KrakenOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(KrakenOptions), typeof(KrakenOptions), result.Failures);
        }
    }

    private static void CheckUrl(List<string> failures, string name, Uri? url, string secureScheme, string plainScheme)
    {
        if (EndpointUrlRules.Check("Kraken", name, url, secureScheme, plainScheme) is { } problem)
        {
            failures.Add(problem);
        }
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);
}
