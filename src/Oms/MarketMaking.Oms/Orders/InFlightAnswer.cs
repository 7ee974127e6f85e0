using MarketMaking.Models;

namespace MarketMaking.Oms;

/// <summary>What a venue's answer to a request is posted to the loop with (<see cref="InFlightRequest{T}"/>).</summary>
/// <typeparam name="T">The acknowledgement the venue answers with.</typeparam>
/// <param name="Order">The order the request is for.</param>
/// <param name="Action">The request: submit, amend or cancel.</param>
/// <param name="VenueOrderIdOf">The venue's order id in a successful acknowledgement, if it carries one.</param>
/// <param name="NewQuantity">An amend's new total quantity, in base units.</param>
/// <param name="NewPrice">An amend's new limit price, in quote currency per unit of base.</param>
/// <param name="Started">When the request was sent (<see cref="TimeProvider.GetTimestamp"/>), for the acknowledgement latency.</param>
internal readonly record struct InFlightAnswer<T>(
    OmsOrder Order,
    OrderEntryAction Action,
    Func<T, VenueOrderId?> VenueOrderIdOf,
    Quantity? NewQuantity,
    Price? NewPrice,
    long Started);
