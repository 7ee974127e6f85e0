using MarketMaking.Models;

namespace MarketMaking.Simulation.Venue;

/// <summary>One instrument the simulator serves: how the recording names it, how clients see it, and its rules.</summary>
/// <param name="RecordedInstrument">The instrument as the recording names it, such as <c>BTCUSDT</c>.</param>
/// <param name="Spec">The instrument as served, such as <c>BTC/USDT</c>, with its tick and lot.</param>
/// <param name="BaseAsset">The base asset, such as <c>BTC</c>.</param>
/// <param name="QuoteAsset">The quote asset, such as <c>USDT</c>.</param>
/// <param name="CreateSynchronizer">Builds the replayed book's synchronizer for the recording's format.</param>
public sealed record SimulatedInstrument(
    InstrumentId RecordedInstrument,
    InstrumentSpec Spec,
    AssetId BaseAsset,
    AssetId QuoteAsset,
    Func<OrderBook, IBookSynchronizer> CreateSynchronizer)
{
    /// <summary>
    /// The width in ticks of the venue's book's price-indexed window (<see cref="OrderBook.WithLadder"/>): 65,536 ticks,
    /// 655.36 USDT of BTCUSDT at a 0.01 tick, so that most levels a recorded diff changes (90 % of those of the bundled
    /// USD-M recording) are a store, not a search.
    /// </summary>
    private const int BookLadderTicks = 65_536;

    /// <summary>Creates the venue's full-depth book of the instrument and the synchronizer that replays the recording into it.</summary>
    /// <returns>The synchronizer; its <see cref="IBookSynchronizer.Book"/> is the book.</returns>
    public IBookSynchronizer CreateVenueBook() => CreateSynchronizer(OrderBook.WithLadder(Spec, BookLadderTicks, initialCapacity: 2048));
}
