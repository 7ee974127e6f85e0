using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Strategies;

/// <summary>
/// The bundled market-making strategy: on each refresh it reads the features, builds the quote grid
/// (<see cref="QuoteGenerator"/>) from the mid, its signal, its position and the volatility, and moves its resting
/// quotes to the grid in the fewest changes (<see cref="QuoteDiffer"/>), post-only.
/// </summary>
/// <remarks>
/// The signal is the mean of three features in [−1, 1]: the book imbalance over the configured depths, the trade-flow
/// imbalance, and the microprice offset scaled by half the base spread (tanh). The position is this strategy's net
/// fills. While any of its orders waits for an answer, it does not requote (no double orders).
/// </remarks>
public sealed class MarketMakingStrategy : IStrategy
{
    private readonly MarketMakerConfig _config;
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;
    private readonly TradeFlowImbalance _tradeFlow;
    private readonly BollingerBandWidth _volatility;
    private IStrategyContext _context = null!;

    /// <summary>Initializes the strategy.</summary>
    /// <param name="config">The settings.</param>
    /// <param name="name">The strategy's name (tags its orders).</param>
    public MarketMakingStrategy(MarketMakerConfig config, string name = "market-maker")
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        Name = name;
        _venue = VenueId.Create(config.Venue);
        _instrument = InstrumentId.Create(config.Symbol);
        _tradeFlow = new TradeFlowImbalance(config.TradeWindow);
        _volatility = new BollingerBandWidth(config.BollingerLength, config.BollingerMultiplier);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the strategy's position from its fills, in base units.</summary>
    public decimal Position { get; private set; }

    /// <summary>Gets the last grid quoted, or <see langword="null"/>.</summary>
    public QuoteGrid? LastGrid { get; private set; }

    /// <inheritdoc/>
    public Task InitializeAsync(IStrategyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        context.TimerInterval = _config.RefreshInterval;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        var mine = _context.Orders.Store.Open(_venue, _instrument).Where(o => o.Strategy == Name).ToArray();
        await Task.WhenAll(mine.Select(o => _context.Orders.CancelAsync(o, cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void OnBook(VenueId venue, OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (venue == _venue && book.Spec.Instrument == _instrument && book.Mid is { } mid)
        {
            _volatility.Update((double)mid.Value, _context.Clock.GetUnixNanoseconds());
        }
    }

    /// <inheritdoc/>
    public void OnTrade(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (trade.Venue == _venue && trade.Instrument == _instrument)
        {
            _tradeFlow.Update((double)trade.Quantity.Value, trade.AggressorSide);
        }
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
    }

    /// <inheritdoc/>
    public void OnTimer(long nowNanoseconds)
    {
        if (!_context.Books.TryGetValue((_venue, _instrument), out var book) || book.SyncState != BookSyncState.Synced || book.Mid is not { } mid)
        {
            return;
        }

        var mine = _context.Orders.Store.Open(_venue, _instrument).Where(o => o.Strategy == Name).ToArray();
        if (mine.Any(o => o.Status is not (OrderStatus.Accepted or OrderStatus.PartiallyFilled)))
        {
            // Answers still pending: requoting now could double an order.
            return;
        }

        var halfSpread = _config.SpreadBps / 2;
        var signal = (BookFeatures.Imbalance(book, _config.ImbalanceDepths) + _tradeFlow.Value + Math.Tanh(BookFeatures.MicropriceOffsetBps(book) / halfSpread)) / 3;
        var grid = QuoteGenerator.Generate(book.Spec, mid, signal, Position, _volatility.Value * 10_000, _config.ToQuoteParameters());
        LastGrid = grid;
        foreach (var action in QuoteDiffer.Diff(mine, grid, _config.RefreshToleranceBps, amendAllowed: true, canPlaceNew: true))
        {
            switch (action.Kind)
            {
                case QuoteActionKind.Place:
                    _context.Orders.Submit(new OrderIntent(_venue, _instrument, action.Side, OrderType.Limit, action.Quantity!.Value)
                    {
                        LimitPrice = action.Price,
                        PostOnly = true,
                        Strategy = Name,
                    });
                    break;
                case QuoteActionKind.Amend:
                    _context.Orders.Amend(action.Order!, action.Quantity, action.Price);
                    break;
                case QuoteActionKind.Cancel:
                    _context.Orders.Cancel(action.Order!);
                    break;
            }
        }
    }
}
