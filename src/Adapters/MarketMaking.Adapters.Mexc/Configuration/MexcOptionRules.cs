using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Mexc;

/// <summary>The checks the Spot and Futures settings share: their attributes, both endpoint URLs, and the key and secret set together.</summary>
internal static class MexcOptionRules
{
    /// <summary>Adds one sentence per problem, each starting with <paramref name="venue"/>.</summary>
    public static void Check(List<string> failures, string venue, object options, Uri? restBaseUrl, Uri? webSocketUrl, string? apiKey, string? apiSecret)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{venue}: {r.ErrorMessage}"));
        }

        failures.AddRange(new[]
        {
            EndpointUrlRules.Check(venue, "RestBaseUrl", restBaseUrl, "https", "http"),
            EndpointUrlRules.Check(venue, "WebSocketUrl", webSocketUrl, "wss", "ws"),
        }.OfType<string>());
        if (string.IsNullOrWhiteSpace(apiKey) != string.IsNullOrWhiteSpace(apiSecret))
        {
            failures.Add($"{venue}: set both ApiKey and ApiSecret (MEXC_API_KEY, MEXC_API_SECRET), or neither");
        }
    }
}
