using MarketMaking.Models;
using MarketMaking.Strategies;

namespace MarketMaker.Kraken.StrategyHosting;

/// <summary>
/// What the host needs to know of the strategy it runs, whichever it is: its name (its orders carry it), the venue and
/// instruments it quotes (the host subscribes to them and reports on them), and, when the strategy says, the quotes it
/// last wanted (the quote uptime counts only the sides it wanted; a strategy that does not say counts any side resting).
/// </summary>
/// <param name="Strategy">The strategy.</param>
/// <param name="Venue">The venue quoted.</param>
/// <param name="Instruments">The instruments quoted (at least one).</param>
/// <param name="WantedGrid">The quotes last wanted for an instrument, or <see langword="null"/> when unknown.</param>
internal sealed record QuotedStrategy(IStrategy Strategy, VenueId Venue, IReadOnlyList<InstrumentId> Instruments, Func<InstrumentId, QuoteGrid?> WantedGrid)
{
    /// <summary>Gets the strategy's name, which its orders carry.</summary>
    public string Name => Strategy.Name;

    /// <summary>Gets the first instrument quoted, the one the dashboard, monitor and summary follow.</summary>
    public InstrumentId Instrument => Instruments[0];
}
