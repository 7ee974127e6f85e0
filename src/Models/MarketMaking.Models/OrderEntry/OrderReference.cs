
namespace MarketMaking.Models;

/// <summary>Names an existing order by the venue's id or by our client order id.</summary>
/// <param name="VenueOrderId">The venue's order id, when known.</param>
/// <param name="ClientOrderId">Our client order id, when the venue supports addressing orders by it.</param>
public readonly record struct OrderReference(VenueOrderId? VenueOrderId, ClientOrderId? ClientOrderId)
{
    /// <summary>Gets whether either id is set.</summary>
    public bool IsSet => VenueOrderId is { Value: not null } || ClientOrderId is { Value: not null };

    /// <summary>Names an order by the venue's id.</summary>
    /// <param name="id">The venue order id.</param>
    /// <returns>The reference.</returns>
    public static OrderReference ByVenueId(VenueOrderId id) => new(id, null);

    /// <summary>Names an order by our client order id.</summary>
    /// <param name="id">The client order id.</param>
    /// <returns>The reference.</returns>
    public static OrderReference ByClientId(ClientOrderId id) => new(null, id);

    /// <inheritdoc/>
    public override string ToString() => VenueOrderId is { } venue ? venue.ToString() : ClientOrderId?.ToString() ?? "(none)";
}
