using MarketMaking.Models;

namespace MarketMaking.Inventory;

/// <summary>Builds the hedging policy the configuration names (<see cref="HedgeOptions.Policy"/>).</summary>
public static class HedgingPolicyFactory
{
    /// <summary>Builds the policy.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The policy, or <see langword="null"/> for <c>None</c>.</returns>
    /// <exception cref="ArgumentException">The policy name is unknown, or CrossExchange lacks its primary venue; the message says which.</exception>
    public static IHedgingPolicy? Create(HedgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var route = new HedgeRoute(VenueId.Create(options.Venue), InstrumentId.Create(options.Symbol));
        return options.Policy.ToUpperInvariant() switch
        {
            "NONE" or "" => null,
            "IMMEDIATE" => new ImmediateHedgingPolicy(route, options.Threshold),
            "TWAP" => new TwapHedgingPolicy(route, options.Threshold, options.Duration, options.NumOrders),
            "OPPORTUNISTIC" => new OpportunisticHedgingPolicy(route, options.Threshold, options.MaxSpreadBps, options.Timeout),
            "CROSSEXCHANGE" => new CrossExchangeHedgingPolicy(
                VenueId.Create(options.Primary ?? throw new ArgumentException("Inventory:Hedging:Primary must name the venue quoted for the CrossExchange policy.", nameof(options))),
                route,
                options.Threshold),
            _ => throw new ArgumentException($"Inventory:Hedging:Policy '{options.Policy}' is not one of None, Immediate, Twap, Opportunistic, CrossExchange.", nameof(options)),
        };
    }
}
