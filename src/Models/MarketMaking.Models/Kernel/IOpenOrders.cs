namespace MarketMaking.Models;

/// <summary>The orders the OMS tracks, as the kernel's other stages read them on the engine loop.</summary>
public interface IOpenOrders
{
    /// <summary>Gets the open orders on one venue and instrument.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The orders that may still fill.</returns>
    IReadOnlyCollection<IOrderView> OpenOrders(VenueId venue, InstrumentId instrument);

    /// <summary>Gets the open orders on one venue, every instrument.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The orders that may still fill.</returns>
    IEnumerable<IOrderView> OpenOrders(VenueId venue);

    /// <summary>
    /// Sums what a pre-trade check needs of the open orders on one venue and instrument: the quantity still to fill on
    /// each side and our best bid and ask. The OMS computes it without allocating; the default walks
    /// <see cref="OpenOrders(VenueId, InstrumentId)"/>.
    /// </summary>
    /// <param name="venue">The venue.</param>
    /// <param name="instrument">The instrument.</param>
    /// <param name="except">An order left out (the one being amended), or <see langword="null"/>.</param>
    /// <returns>The exposure.</returns>
    OpenExposure ExposureOf(VenueId venue, InstrumentId instrument, IOrderView? except = null)
    {
        var exposure = default(OpenExposure);
        foreach (var order in OpenOrders(venue, instrument))
        {
            if (!ReferenceEquals(order, except))
            {
                exposure = exposure.With(order);
            }
        }

        return exposure;
    }

    /// <summary>Counts the open orders on a venue, across instruments.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The count.</returns>
    int OpenOrderCount(VenueId venue) => OpenOrders(venue).Count();

    /// <summary>Finds an order by its client order id.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The order, or <see langword="null"/> when the OMS does not track it.</returns>
    IOrderView? FindOrder(VenueId venue, ClientOrderId clientOrderId);

    /// <summary>Finds an order by the venue's order id.</summary>
    /// <param name="venue">The venue.</param>
    /// <param name="venueOrderId">The venue's order id.</param>
    /// <returns>The order, or <see langword="null"/> when the OMS does not track it.</returns>
    IOrderView? FindOrder(VenueId venue, VenueOrderId venueOrderId);
}
