using System.Collections.Immutable;
using System.Globalization;
using MarketMaking.Adapters;
using MarketMaking.Models;

namespace MarketMaker.Kraken.Trading;

/// <summary>What a venue reported of our open orders at the end of a shutdown.</summary>
/// <param name="Venue">The venue.</param>
/// <param name="Checked">Whether the venue answered; when not, orders of ours may still rest there.</param>
/// <param name="Resting">Our orders the venue still reported open after its cancel-all.</param>
/// <param name="Error">Why the venue could not be checked, or its cancel-all failed.</param>
internal sealed record VenueSweepResult(VenueId Venue, bool Checked, ImmutableArray<VenueOrder> Resting, string? Error)
{
    /// <summary>Gets whether an order of ours may still rest at the venue.</summary>
    public bool MayBeResting => !Checked || !Resting.IsEmpty;

    /// <summary>Describes each order still resting, or why the venue could not be checked.</summary>
    /// <returns>One line each.</returns>
    public IEnumerable<string> Describe() => !Checked
        ? [$"{Venue}: not checked ({Error}); orders of ours may still rest there"]
        : Resting.Select(o => string.Create(CultureInfo.InvariantCulture, $"{Venue} {o.Instrument} {o.Side} {o.Quantity.Value - o.FilledQuantity.Value} @ {o.LimitPrice?.Value} (venue id {o.VenueOrderId}{(o.ClientOrderId is { } id ? $", client id {id}" : string.Empty)})"));
}
