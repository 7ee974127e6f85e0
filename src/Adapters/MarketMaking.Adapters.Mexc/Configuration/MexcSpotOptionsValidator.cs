using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Mexc;

/// <summary>Checks <see cref="MexcSpotOptions"/>, attributes included, reporting every problem at once.</summary>
public sealed class MexcSpotOptionsValidator : IValidateOptions<MexcSpotOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MexcSpotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        MexcOptionRules.Check(failures, "MEXC Spot", options, options.RestBaseUrl, options.WebSocketUrl, options.ApiKey, options.ApiSecret);

        if (options.ListenKeyKeepAliveInterval >= TimeSpan.FromMinutes(60))
        {
            failures.Add("MEXC Spot: ListenKeyKeepAliveInterval must be under the listen key's 60 min life");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws, for clients built without dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">Any check failed; the message lists every failure.</exception>
    public static void ThrowIfInvalid(MexcSpotOptions options)
    {
        var result = new MexcSpotOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(MexcSpotOptions), typeof(MexcSpotOptions), result.Failures);
        }
    }
}
