using System.Collections.Immutable;
using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Strategies;

namespace MyStrategy;

/// <summary>
/// A starting point: quotes one bid and one ask a number of bps around the mid, each refresh, through the OMS. Change
/// <see cref="Quotes"/> (a pure function, easy to test) and the callbacks to make it yours. Run it in the bundled host
/// with <c>dotnet build MyStrategy -t:Simulate</c>, or register it in your own with
/// <c>services.AddStrategy(_ =&gt; new MyStrategyClassStrategy(...))</c>.
/// </summary>
public sealed class MyStrategyClassStrategy : IStrategy
{
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;
    private readonly decimal _size;
    private readonly decimal _halfSpreadBps;
    private IStrategyContext _context = null!;

    /// <summary>Initializes the strategy.</summary>
    /// <param name="venue">The venue quoted.</param>
    /// <param name="instrument">The instrument quoted.</param>
    /// <param name="size">Each quote's size, in base units (the host's setting <c>StrategySettings:size</c>).</param>
    /// <param name="halfSpreadBps">How far each quote sits from the mid, in bps (<c>StrategySettings:halfSpreadBps</c>).</param>
    public MyStrategyClassStrategy(VenueId venue, InstrumentId instrument, decimal size = 0.001m, decimal halfSpreadBps = 5m)
    {
        _venue = venue;
        _instrument = instrument;
        _size = size;
        _halfSpreadBps = halfSpreadBps;
    }

    /// <inheritdoc/>
    public string Name => "my-strategy";

    /// <summary>The quotes wanted around a mid: the bid rounded down and the ask rounded up to the tick.</summary>
    /// <param name="spec">The instrument's tick and lot.</param>
    /// <param name="mid">The mid price.</param>
    /// <param name="size">The quote size.</param>
    /// <param name="halfSpreadBps">The distance from the mid, in bps.</param>
    /// <returns>One bid and one ask.</returns>
    public static QuoteGrid Quotes(InstrumentSpec spec, Price mid, decimal size, decimal halfSpreadBps)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var offset = mid.Value * halfSpreadBps / 10_000m;
        var quantity = spec.RoundDownToLot(new Quantity(size));
        return new QuoteGrid(
            ImmutableArray.Create(new BookLevel(spec.RoundDownToTick(new Price(mid.Value - offset)), quantity)),
            ImmutableArray.Create(new BookLevel(spec.RoundUpToTick(new Price(mid.Value + offset)), quantity)),
            Skew: 0,
            SpreadMultiplier: 1);
    }

    /// <inheritdoc/>
    public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        context.TimerInterval = TimeSpan.FromSeconds(1);
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
    }

    /// <inheritdoc/>
    public void OnTimer(long nowNanoseconds)
    {
        if (_context.Books.TryGetValue((_venue, _instrument), out var book) && book.SyncState == BookSyncState.Synced && book.Mid is { } mid
            && QuoteExecutor.SettledOrders(_context.Orders, Name, _venue, _instrument) is { } resting)
        {
            QuoteExecutor.Apply(_context, Name, _venue, _instrument, resting, Quotes(book.Spec, mid, _size, _halfSpreadBps), toleranceBps: 1);
        }
    }
}
