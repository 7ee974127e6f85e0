using MarketMaking.Models;

namespace MarketMaking.Adapters.Kraken;

/// <summary>The result of Kraken's legacy <c>EditOrder</c> (cancel and replace: a new order id, queue priority lost).</summary>
/// <param name="NewOrderId">The replacement order's id.</param>
/// <param name="OriginalOrderId">The canceled order's id.</param>
public sealed record KrakenEditResult(VenueOrderId NewOrderId, VenueOrderId OriginalOrderId);
