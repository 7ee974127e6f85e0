using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Adapters.Binance;

/// <summary>The checks every Binance client's settings share: their attributes, their endpoint URLs and a positive request time-out.</summary>
internal static class BinanceOptionRules
{
    /// <summary>Returns one sentence per problem, each starting with the market's name.</summary>
    public static List<string> Check(object options, BinanceMarket market, TimeSpan requestTimeout, params (string Name, Uri Url, string Secure, string Plain)[] endpoints)
    {
        var venue = $"Binance {market}";
        var results = new List<ValidationResult>();
        var failures = new List<string>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{venue}: {r.ErrorMessage}"));
        }

        failures.AddRange(endpoints.Select(e => EndpointUrlRules.Check(venue, e.Name, e.Url, e.Secure, e.Plain)).OfType<string>());
        if (requestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{venue}: RequestTimeout must be positive");
        }

        return failures;
    }
}
