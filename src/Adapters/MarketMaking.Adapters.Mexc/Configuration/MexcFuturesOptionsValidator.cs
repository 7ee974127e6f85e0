using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Mexc;

/// <summary>Checks <see cref="MexcFuturesOptions"/>, attributes included, reporting every problem at once.</summary>
public sealed class MexcFuturesOptionsValidator : IValidateOptions<MexcFuturesOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MexcFuturesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        MexcOptionRules.Check(failures, "MEXC Futures", options, options.RestBaseUrl, options.WebSocketUrl, options.ApiKey, options.ApiSecret);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws, for clients built without dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">Any check failed; the message lists every failure.</exception>
    public static void ThrowIfInvalid(MexcFuturesOptions options)
    {
        var result = new MexcFuturesOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(MexcFuturesOptions), typeof(MexcFuturesOptions), result.Failures);
        }
    }
}
