using MarketMaking.Models;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.Backtesting;

/// <summary>One simulated venue of a backtest: what it replays, what it serves, and its account.</summary>
/// <param name="Venue">The venue id its events carry and the OMS routes by, such as <c>kraken</c>.</param>
/// <param name="Instrument">The instrument served: the recording's name mapped to the served one, with its rules.</param>
/// <param name="Recording">The recorded market data, in time order; read once, as the run goes, on a thread of its own a
/// few thousand events ahead of the replay (a reader's error callbacks are called there).</param>
/// <param name="Options">Fees, order-entry latency and the seed of its random draws.</param>
/// <param name="Balances">The account's starting balances, by asset.</param>
public sealed record BacktestVenue(
    VenueId Venue,
    SimulatedInstrument Instrument,
    IEnumerable<MarketDataEvent> Recording,
    SimulatedVenueOptions Options,
    IReadOnlyDictionary<AssetId, decimal> Balances);
