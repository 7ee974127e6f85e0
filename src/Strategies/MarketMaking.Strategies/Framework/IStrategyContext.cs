using MarketMaking.Models;
using MarketMaking.Oms;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Strategies;

/// <summary>What a strategy can see and do. Read it on the engine loop (in the callbacks).</summary>
public interface IStrategyContext
{
    /// <summary>Gets the books the engine keeps, by venue and instrument.</summary>
    IReadOnlyDictionary<(VenueId Venue, InstrumentId Instrument), OrderBook> Books { get; }

    /// <summary>Gets the order manager: submit, amend and cancel, and every order's state.</summary>
    OrderManager Orders { get; }

    /// <summary>Gets positions and PnL across venues (the inventory stage), or <see langword="null"/> when none runs.</summary>
    IPortfolio? Portfolio { get; }

    /// <summary>Gets the clock (simulated in a backtest).</summary>
    TimeProvider Clock { get; }

    /// <summary>Gets the strategy's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Gets or sets how often <see cref="IStrategy.OnTimer"/> fires; zero stops it.</summary>
    TimeSpan TimerInterval { get; set; }
}
