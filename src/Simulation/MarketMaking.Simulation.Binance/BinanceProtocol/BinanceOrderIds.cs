using System.Collections.Concurrent;
using MarketMaking.Models;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Binance's numeric order ids for the simulated venue's own ids, assigned in order of first sight, so that a client
/// sees Binance's <c>orderId</c> (a 64-bit number) and can cancel by it.
/// </summary>
internal sealed class BinanceOrderIds
{
    private readonly ConcurrentDictionary<VenueOrderId, long> _numbers = new();
    private readonly ConcurrentDictionary<long, VenueOrderId> _venueIds = new();
    private long _next = 4_000_000_000;

    public long NumberOf(VenueOrderId venueOrderId) => _numbers.GetOrAdd(venueOrderId, id =>
    {
        var number = Interlocked.Increment(ref _next);
        _venueIds[number] = id;
        return number;
    });

    public VenueOrderId? Find(long number) => _venueIds.TryGetValue(number, out var id) ? id : null;
}
