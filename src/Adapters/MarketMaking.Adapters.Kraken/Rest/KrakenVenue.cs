using System.Collections.Immutable;
using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>Kraken Spot's identity and what the adapter supports there.</summary>
public static class KrakenVenue
{
    /// <summary>Gets the venue id, <c>kraken</c>.</summary>
    public static VenueId Id { get; } = VenueId.Create("kraken");

    /// <summary>Gets the capabilities: limit and market orders; GTC, IOC, FOK, GTD; amend, batches, cancel-all, dead-man switch, validate-only.</summary>
    public static VenueCapabilities Capabilities { get; } = new(
        [OrderType.Limit, OrderType.Market],
        [TimeInForce.GoodTillCanceled, TimeInForce.ImmediateOrCancel, TimeInForce.FillOrKill, TimeInForce.GoodTillDate],
        VenueFeatures.Amend | VenueFeatures.BatchPlace | VenueFeatures.BatchCancel | VenueFeatures.CancelAll
            | VenueFeatures.DeadManSwitch | VenueFeatures.ValidateOnly | VenueFeatures.ClientOrderIdAddressing
            | VenueFeatures.BookChecksum | VenueFeatures.WebSocketOrderEntry | VenueFeatures.ReduceOnly)
    {
        BookDepths = [10, 25, 100, 500, 1000],
        MaxBatchSize = 15,
        MaxDeadManSwitchTimeout = TimeSpan.FromSeconds(86_400),
    };

    /// <summary>
    /// Checks a client order id against Kraken's <c>cl_ord_id</c> rules: a UUID (with dashes, or 32 hex digits) or
    /// free ASCII text of at most 18 characters.
    /// </summary>
    /// <param name="clientOrderId">The id.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? CheckClientOrderId(ClientOrderId clientOrderId)
    {
        var text = clientOrderId.Value;
        if (text is null)
        {
            return "A client order id is required";
        }

        var isUuid = Guid.TryParseExact(text, "D", out _) || (text.Length == 32 && Guid.TryParseExact(text, "N", out _));
        return isUuid || text.Length <= 18 ? null : $"Kraken's cl_ord_id is a UUID or at most 18 characters, not '{text}' ({text.Length})";
    }
}
