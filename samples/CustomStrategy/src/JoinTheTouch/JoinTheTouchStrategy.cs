using System.Collections.Immutable;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Strategies;

namespace JoinTheTouch;

/// <summary>
/// A small strategy of our own: rest one bid at the best bid and one ask at the best ask (joining the touch), and stop
/// buying once long <see cref="InventoryCap"/> (selling once short as much), so that inventory stays capped.
/// </summary>
public sealed class JoinTheTouchStrategy : IStrategy
{
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;
    private IStrategyContext _context = null!;

    /// <summary>Initializes the strategy.</summary>
    /// <param name="venue">The venue quoted.</param>
    /// <param name="instrument">The instrument quoted.</param>
    /// <param name="quoteSize">Each quote's size, in base units.</param>
    /// <param name="inventoryCap">The largest position either way, in base units.</param>
    public JoinTheTouchStrategy(VenueId venue, InstrumentId instrument, decimal quoteSize, decimal inventoryCap)
    {
        _venue = venue;
        _instrument = instrument;
        QuoteSize = quoteSize;
        InventoryCap = inventoryCap;
    }

    /// <inheritdoc/>
    public string Name => "join-the-touch";

    /// <summary>Gets each quote's size.</summary>
    public decimal QuoteSize { get; }

    /// <summary>Gets the inventory cap.</summary>
    public decimal InventoryCap { get; }

    /// <summary>Gets the position from this strategy's fills.</summary>
    public decimal Position { get; private set; }

    /// <summary>Gets how many fills it had.</summary>
    public int Fills { get; private set; }

    /// <summary>The quotes wanted for a touch and a position: a pure function, tested on its own.</summary>
    /// <param name="spec">The instrument (lot size).</param>
    /// <param name="bestBid">The best bid.</param>
    /// <param name="bestAsk">The best ask.</param>
    /// <param name="position">The position.</param>
    /// <param name="quoteSize">The quote size.</param>
    /// <param name="inventoryCap">The cap.</param>
    /// <returns>The grid: at most one bid and one ask.</returns>
    public static QuoteGrid Quotes(InstrumentSpec spec, Price bestBid, Price bestAsk, decimal position, decimal quoteSize, decimal inventoryCap)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var buyRoom = spec.RoundDownToLot(new Quantity(Math.Min(quoteSize, Math.Max(0, inventoryCap - position))));
        var sellRoom = spec.RoundDownToLot(new Quantity(Math.Min(quoteSize, Math.Max(0, inventoryCap + position))));
        var bids = buyRoom.Value > 0 ? ImmutableArray.Create(new BookLevel(bestBid, buyRoom)) : [];
        var asks = sellRoom.Value > 0 ? ImmutableArray.Create(new BookLevel(bestAsk, sellRoom)) : [];
        return new QuoteGrid(bids, asks, Skew: 0, SpreadMultiplier: 1);
    }

    /// <inheritdoc/>
    public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        context.TimerInterval = TimeSpan.FromMilliseconds(250);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task ShutdownAsync(CancellationToken cancellationToken) =>
        QuoteExecutor.CancelOwnOrdersAsync(_context.Orders, Name, _venue, [_instrument], cancellationToken);

    /// <inheritdoc/>
    public void OnBook(VenueId venue, OrderBook book)
    {
    }

    /// <inheritdoc/>
    public void OnTrade(Trade trade)
    {
    }

    /// <inheritdoc/>
    public void OnOrderEvent(OmsOrder order)
    {
    }

    /// <inheritdoc/>
    public void OnFill(FillEvent fill, OmsOrder order)
    {
        ArgumentNullException.ThrowIfNull(fill);
        Position += fill.Side == Side.Buy ? fill.Quantity.Value : -fill.Quantity.Value;
        Fills++;
    }

    /// <inheritdoc/>
    public void OnTimer(long nowNanoseconds)
    {
        if (!_context.Books.TryGetValue((_venue, _instrument), out var book) || book.SyncState != BookSyncState.Synced
            || book.BestBid is not { } bid || book.BestAsk is not { } ask
            || QuoteExecutor.SettledOrders(_context.Orders, Name, _venue, _instrument) is not { } resting)
        {
            return;
        }

        var grid = Quotes(book.Spec, bid.Price, ask.Price, Position, QuoteSize, InventoryCap);
        QuoteExecutor.Apply(_context, Name, _venue, _instrument, resting, grid, toleranceBps: 0.5);
    }
}
