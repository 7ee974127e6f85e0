
namespace MarketMaking.Models;

/// <summary>
/// A venue's acknowledgement that it accepted an order request. Not a fill and not final: the order's fate is reported
/// on the user stream.
/// </summary>
/// <param name="VenueOrderId">The venue's order id; <see langword="null"/> for a validate-only request.</param>
/// <param name="ClientOrderId">Our client order id, as sent.</param>
public sealed record OrderAck(VenueOrderId? VenueOrderId, ClientOrderId ClientOrderId)
{
    /// <summary>Gets the venue's description of the accepted order, when it returns one.</summary>
    public string? Description { get; init; }
}
