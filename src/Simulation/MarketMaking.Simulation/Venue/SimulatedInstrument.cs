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
    Func<OrderBook, IBookSynchronizer> CreateSynchronizer);
