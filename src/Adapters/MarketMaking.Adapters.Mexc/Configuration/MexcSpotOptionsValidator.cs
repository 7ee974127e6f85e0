using System.ComponentModel.DataAnnotations;
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
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"MEXC Spot: {r.ErrorMessage}"));
        }

        AddIfBad(failures, EndpointUrlRules.Check("MEXC Spot", nameof(MexcSpotOptions.RestBaseUrl), options.RestBaseUrl, "https", "http"));
        AddIfBad(failures, EndpointUrlRules.Check("MEXC Spot", nameof(MexcSpotOptions.WebSocketUrl), options.WebSocketUrl, "wss", "ws"));
        if (string.IsNullOrWhiteSpace(options.ApiKey) != string.IsNullOrWhiteSpace(options.ApiSecret))
        {
            failures.Add("MEXC Spot: set both ApiKey and ApiSecret (MEXC_API_KEY, MEXC_API_SECRET), or neither");
        }

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

    private static void AddIfBad(List<string> failures, string? problem)
    {
        if (problem is not null)
        {
            failures.Add(problem);
        }
    }
}
