namespace MarketMaking.Models;

/// <summary>
/// An L2 order book kept in integer ticks and lots, with an explicit sync state: a checksum mismatch, a sequence gap,
/// a crossed book or an unusable level moves it to <see cref="BookSyncState.OutOfSync"/> with the reason, and it
/// refuses deltas until a new snapshot arrives.
/// </summary>
/// <remarks>
/// <para>Not thread-safe: one writer (the engine loop, or a feed handler) owns it. Reads and updates allocate nothing
/// once the sides have grown to their working size.</para>
/// <para>Units: prices in ticks of <see cref="Spec"/> (<see cref="InstrumentSpec.TickSize"/>), quantities in lots
/// (<see cref="InstrumentSpec.LotSize"/>); the <see cref="Price"/>/<see cref="Quantity"/> views convert at the edge.</para>
/// </remarks>
public sealed class OrderBook
{
    // From this many levels in one message in price order, a book kept to a depth merges them best first.
    private const int LazyFrom = 8;

    private readonly BookSide _bids;
    private readonly BookSide _asks;
    private PreparedDelta? _offered;

    /// <summary>Initializes an empty book in the <see cref="BookSyncState.Syncing"/> state.</summary>
    /// <param name="spec">The instrument's tick and lot sizes.</param>
    /// <param name="maxDepth">Levels kept per side after each update (the subscribed depth); 0 keeps all.</param>
    /// <param name="initialCapacity">Levels per side to allocate up front.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> or <paramref name="initialCapacity"/> is negative.</exception>
    public OrderBook(InstrumentSpec spec, int maxDepth = 0, int initialCapacity = 64)
        : this(spec, maxDepth, initialCapacity, ladderTicks: 0)
    {
    }

    /// <summary>
    /// Creates an empty full-depth book whose levels near the touch are indexed by price: in a window of
    /// <paramref name="ladderTicks"/> ticks that follows the best level (seven eighths of it below the best, an eighth
    /// above to rise into) a level is set and read without a search; the levels deeper than the window are kept sorted.
    /// For a book whose updates reach far from the touch, such as a venue's full depth fed by Binance's diffs: of the
    /// levels of <c>usdm_btcusdt_20240808</c>'s diffs, in ticks of 0.01, 1.7 % are better than the best level, 15 %
    /// within 1,000 ticks of it, 75 % within 10,000 and 94 % within 100,000. It costs two arrays of
    /// <paramref name="ladderTicks"/> entries per side (8 bytes and a bit each).
    /// </summary>
    /// <param name="spec">The instrument's tick and lot sizes.</param>
    /// <param name="ladderTicks">The width of the indexed window in ticks: a power of two, at least 64; or 0 for none
    /// (the book of <see cref="OrderBook(InstrumentSpec, int, int)"/>).</param>
    /// <param name="initialCapacity">Levels per side to allocate up front for the sorted part.</param>
    /// <returns>The book, in the <see cref="BookSyncState.Syncing"/> state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative, or
    /// <paramref name="ladderTicks"/> is neither 0 nor a power of two of at least 64.</exception>
    public static OrderBook WithLadder(InstrumentSpec spec, int ladderTicks, int initialCapacity = 64) =>
        new(spec, maxDepth: 0, initialCapacity, ladderTicks);

    private OrderBook(InstrumentSpec spec, int maxDepth, int initialCapacity, int ladderTicks)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        if (ladderTicks != 0 && (ladderTicks < 64 || !System.Numerics.BitOperations.IsPow2(ladderTicks)))
        {
            throw new ArgumentOutOfRangeException(nameof(ladderTicks), ladderTicks, "The ladder's width in ticks must be 0 or a power of two of at least 64.");
        }

        Spec = spec;
        MaxDepth = maxDepth;
        var capacity = maxDepth > 0 ? Math.Min(maxDepth + 1, Math.Max(initialCapacity, 16)) : initialCapacity;
        _bids = new BookSide(Side.Buy, capacity, ladderTicks);
        _asks = new BookSide(Side.Sell, capacity, ladderTicks);
    }

    /// <summary>Raised after <see cref="SyncState"/> changes; handlers run on the writer's thread.</summary>
    public event EventHandler<BookSyncStateChangedEventArgs>? SyncStateChanged;

    /// <summary>Raised at the end of every <see cref="CompleteUpdate"/> (so after each delta and snapshot), on the writer's thread.</summary>
    /// <remarks>For observers that need the book after each venue update id, such as a top-of-book cross-check.</remarks>
    public event EventHandler? UpdateCompleted;

    /// <summary>Gets the instrument's specification, which defines ticks and lots.</summary>
    public InstrumentSpec Spec { get; }

    /// <summary>Gets the levels kept per side after each update; 0 when unlimited.</summary>
    public int MaxDepth { get; }

    /// <summary>Gets the sync state.</summary>
    public BookSyncState SyncState { get; private set; } = BookSyncState.Syncing;

    /// <summary>Gets why the book is out of sync, or <see cref="Models.OutOfSyncReason.None"/>.</summary>
    public OutOfSyncReason OutOfSyncReason { get; private set; }

    /// <summary>Gets a human-readable account of why the book is out of sync, or <see langword="null"/>.</summary>
    public string? OutOfSyncDetail { get; private set; }

    /// <summary>Gets the last venue update id applied (snapshot or delta), or <see langword="null"/>.</summary>
    public long? LastUpdateId { get; private set; }

    /// <summary>Gets the number of bid levels.</summary>
    public int BidDepth => _bids.Count;

    /// <summary>Gets the number of ask levels.</summary>
    public int AskDepth => _asks.Count;

    /// <summary>Gets whether the best bid is at or above the best ask.</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.PriceTicksAt(0) >= _asks.PriceTicksAt(0);

    /// <summary>Gets the best bid as a price and quantity, or <see langword="null"/> when there are no bids.</summary>
    public BookLevel? BestBid => _bids.Count > 0 ? Spec.ToBookLevel(_bids[0]) : null;

    /// <summary>Gets the best ask as a price and quantity, or <see langword="null"/> when there are no asks.</summary>
    public BookLevel? BestAsk => _asks.Count > 0 ? Spec.ToBookLevel(_asks[0]) : null;

    /// <summary>Gets the mid price, (best bid + best ask) / 2 in quote currency, or <see langword="null"/> when a side is empty.</summary>
    public Price? Mid => HasBothSides ? new Price(MidOf((_bids.PriceTicksAt(0) + _asks.PriceTicksAt(0)) * Spec.TickSizeScaled)) : null;

    /// <summary>
    /// Gets the size-weighted mid (often called microprice): (bid × askQty + ask × bidQty) / (bidQty + askQty) in quote
    /// currency, which leans toward the side with less quantity; <see langword="null"/> when a side is empty.
    /// </summary>
    /// <remarks>Source: the weighted mid of Gatheral and Oomen, "Zero-intelligence realized variance estimation" (2010);
    /// Stoikov's "The micro-price" (2018) refines it with a Markov model of the imbalance.</remarks>
    public Price? Microprice
    {
        get
        {
            if (!HasBothSides)
            {
                return null;
            }

            var bid = _bids[0];
            var ask = _asks[0];
            var weighted = ((decimal)bid.PriceTicks * ask.QuantityLots + (decimal)ask.PriceTicks * bid.QuantityLots)
                / ((decimal)bid.QuantityLots + ask.QuantityLots);
            return new Price(weighted * Spec.TickSize.Value);
        }
    }

    /// <summary>Gets the spread in basis points of the mid, (ask − bid) / mid × 10,000, or <see langword="null"/> when a side is empty.</summary>
    public double? SpreadBps
    {
        get
        {
            if (!HasBothSides)
            {
                return null;
            }

            double bid = _bids.PriceTicksAt(0);
            double ask = _asks.PriceTicksAt(0);
            return (ask - bid) / ((ask + bid) / 2.0) * 10_000.0;
        }
    }

    private bool HasBothSides => _bids.Count > 0 && _asks.Count > 0;

    /// <summary>Half a sum of two scaled prices, in integers (as a decimal division would give it: 50.00, 6172.835).</summary>
    private decimal MidOf(long scaledSum) => (scaledSum & 1) == 0
        ? FixedPoint.ToDecimal(scaledSum / 2, Spec.PricePrecision)
        : Spec.PricePrecision < FixedPoint.MaxScale
            ? FixedPoint.ToDecimal(scaledSum * 5, Spec.PricePrecision + 1)
            : FixedPoint.ToDecimal(scaledSum, Spec.PricePrecision) / 2m;

    /// <summary>Returns the quantity displayed at a price on one side, in lots (0 when no level is there).</summary>
    /// <param name="side">The side.</param>
    /// <param name="priceTicks">The price in ticks.</param>
    /// <returns>The quantity in lots.</returns>
    public long QuantityAt(Side side, long priceTicks) => (side == Side.Buy ? _bids : _asks).QuantityAt(priceTicks);

    /// <summary>Returns the bid level <paramref name="index"/> places from the best, in ticks and lots.</summary>
    /// <param name="index">0 for the best bid, up to <see cref="BidDepth"/> − 1.</param>
    /// <returns>The level.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the book.</exception>
    public TickLevel GetBid(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _bids.Count);
        return _bids[index];
    }

    /// <summary>Returns the ask level <paramref name="index"/> places from the best, in ticks and lots.</summary>
    /// <param name="index">0 for the best ask, up to <see cref="AskDepth"/> − 1.</param>
    /// <returns>The level.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the book.</exception>
    public TickLevel GetAsk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _asks.Count);
        return _asks[index];
    }

    /// <summary>Copies up to <c>destination.Length</c> bid levels, best first, without allocating.</summary>
    /// <param name="destination">Where to write the levels.</param>
    /// <returns>The number of levels written.</returns>
    public int CopyBids(Span<TickLevel> destination) => Copy(_bids, destination);

    /// <summary>Copies up to <c>destination.Length</c> ask levels, best first, without allocating.</summary>
    /// <param name="destination">Where to write the levels.</param>
    /// <returns>The number of levels written.</returns>
    public int CopyAsks(Span<TickLevel> destination) => Copy(_asks, destination);

    /// <summary>Returns a depth-limited view of one side as prices and quantities, best first.</summary>
    /// <param name="side">The side.</param>
    /// <param name="depth">The maximum number of levels.</param>
    /// <returns>A new array of at most <paramref name="depth"/> levels.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is negative or <paramref name="side"/> is not Buy or Sell.</exception>
    public BookLevel[] GetLevels(Side side, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        var book = SideOf(side);
        var levels = new BookLevel[Math.Min(depth, book.Count)];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = Spec.ToBookLevel(book[i]);
        }

        return levels;
    }

    /// <summary>
    /// Returns the quantity imbalance over the top <paramref name="levels"/> of each side:
    /// (bid quantity − ask quantity) / (bid quantity + ask quantity), in [−1, 1]; 0 when both are empty.
    /// </summary>
    /// <param name="levels">Levels per side to sum; at least 1.</param>
    /// <returns>Positive when bids outweigh asks.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="levels"/> is less than 1.</exception>
    public double Imbalance(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        double bidQuantity = SumQuantity(_bids, levels);
        double askQuantity = SumQuantity(_asks, levels);
        var total = bidQuantity + askQuantity;
        return total == 0 ? 0 : (bidQuantity - askQuantity) / total;
    }

    /// <summary>Empties both sides and returns to <see cref="BookSyncState.Syncing"/>, as after a reconnect.</summary>
    public void Reset()
    {
        _bids.Clear();
        _asks.Clear();
        LastUpdateId = null;
        ChangeState(BookSyncState.Syncing, OutOfSyncReason.None, null);
    }

    /// <summary>
    /// Empties both sides and enters <see cref="BookSyncState.Syncing"/> to load a snapshot with <see cref="SetLevel"/> or
    /// <see cref="ApplyLevels(Side, ReadOnlySpan{BookLevel})"/>, then <see cref="CompleteSnapshot"/>.
    /// </summary>
    public void BeginSnapshot()
    {
        _bids.Clear();
        _asks.Clear();
        ChangeState(BookSyncState.Syncing, OutOfSyncReason.None, null);
    }

    /// <summary>Sets the quantity at a price; a zero quantity removes the level.</summary>
    /// <param name="side">The side of the level.</param>
    /// <param name="priceTicks">The price in ticks; positive.</param>
    /// <param name="quantityLots">The quantity in lots; zero removes the level.</param>
    /// <exception cref="ArgumentOutOfRangeException">The price is not positive, the quantity is negative, or <paramref name="side"/> is not Buy or Sell.</exception>
    public void SetLevel(Side side, long priceTicks, long quantityLots)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priceTicks);
        ArgumentOutOfRangeException.ThrowIfNegative(quantityLots);
        SideOf(side).Set(priceTicks, quantityLots);
    }

    /// <summary>
    /// Sets levels given as prices and quantities, in order; a zero quantity removes the level. A level off the
    /// tick grid, with a non-positive price or a negative quantity, stops the update and moves the book out of sync; a
    /// quantity off the lot grid is kept to the nearest lot, at least one (orders resting from before a lot size change).
    /// </summary>
    /// <param name="side">The side of the levels.</param>
    /// <param name="levels">The levels, in the order received.</param>
    /// <returns><see langword="false"/> when a level could not be applied.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is not Buy or Sell.</exception>
    public bool ApplyLevels(Side side, ReadOnlySpan<BookLevel> levels) =>
        ApplyLevels(side, levels, MaxDepth > 0 && levels.Length >= LazyFrom ? BookSide.Direction(levels) : 0);

    /// <summary>As <see cref="ApplyLevels(Side, ReadOnlySpan{BookLevel})"/>, with the levels' price order known (<see cref="BookSide.Direction(ReadOnlySpan{BookLevel})"/>).</summary>
    private bool ApplyLevels(Side side, ReadOnlySpan<BookLevel> levels, int direction)
    {
        var book = SideOf(side);
        if (MaxDepth > 0 && levels.Length >= LazyFrom && direction != 0)
        {
            // A long message in price order on a book kept to a depth: merged best first, and only the levels the merge
            // reaches are converted (a Binance diff of hundreds of levels mostly changes levels far below the depth). A
            // level off the grid past the depth goes unseen: it could not have changed the book kept.
            if (book.TryMergeBest(levels, direction, Spec, MaxDepth, out var invalid))
            {
                return true;
            }

            MarkOutOfSync(OutOfSyncReason.InvalidLevel, $"{side} level {levels[invalid].Price} x {levels[invalid].Quantity} is off the grid of {Spec}");
            return false;
        }

        // Converted in chunks, then set together (a long message in price order is merged in one pass).
        Span<long> ticks = stackalloc long[Math.Min(levels.Length, 512)];
        Span<long> lots = stackalloc long[ticks.Length];
        for (var offset = 0; offset < levels.Length; offset += ticks.Length)
        {
            var chunk = levels.Slice(offset, Math.Min(ticks.Length, levels.Length - offset));
            for (var i = 0; i < chunk.Length; i++)
            {
                ref readonly var level = ref chunk[i];
                if (!Spec.TryToBookLevel(level, out ticks[i], out lots[i]))
                {
                    // The levels before it are applied, as when they are set one by one.
                    book.SetMany(ticks[..i], lots[..i]);
                    MarkOutOfSync(
                        OutOfSyncReason.InvalidLevel,
                        $"{side} level {level.Price} x {level.Quantity} is off the grid of {Spec}");
                    return false;
                }
            }

            // A message in one chunk is kept to the depth as it is merged (the levels beyond it are never written).
            book.SetMany(ticks[..chunk.Length], lots[..chunk.Length], chunk.Length == levels.Length ? MaxDepth : 0);
        }

        return true;
    }

    /// <summary>
    /// Finishes loading a snapshot: truncates to <see cref="MaxDepth"/> and becomes <see cref="BookSyncState.Synced"/>
    /// unless a level was refused while loading or the book is crossed.
    /// </summary>
    /// <param name="lastUpdateId">The venue's update id of the snapshot, if it has one.</param>
    /// <returns><see langword="true"/> when the book is synced.</returns>
    public bool CompleteSnapshot(long? lastUpdateId = null)
    {
        LastUpdateId = lastUpdateId;
        if (SyncState == BookSyncState.Syncing)
        {
            ChangeState(BookSyncState.Synced, OutOfSyncReason.None, null);
        }

        return CompleteUpdate(lastUpdateId);
    }

    /// <summary>Finishes applying a delta: truncates to <see cref="MaxDepth"/> and checks for a crossed book.</summary>
    /// <param name="updateId">The venue's final update id of the delta, if it has one.</param>
    /// <returns><see langword="true"/> when the book is still synced.</returns>
    public bool CompleteUpdate(long? updateId = null)
    {
        if (MaxDepth > 0)
        {
            _bids.Truncate(MaxDepth);
            _asks.Truncate(MaxDepth);
        }

        if (updateId is not null)
        {
            LastUpdateId = updateId;
        }

        if (IsCrossed && SyncState == BookSyncState.Synced)
        {
            MarkOutOfSync(
                OutOfSyncReason.CrossedBook,
                $"Best bid {Spec.FromTicks(_bids.PriceTicksAt(0))} is at or above best ask {Spec.FromTicks(_asks.PriceTicksAt(0))}");
        }

        UpdateCompleted?.Invoke(this, EventArgs.Empty);
        return SyncState == BookSyncState.Synced;
    }

    /// <summary>Moves the book to <see cref="BookSyncState.OutOfSync"/>; it refuses deltas until a new snapshot.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="detail">What was seen, for logs and reports.</param>
    public void MarkOutOfSync(OutOfSyncReason reason, string detail) => ChangeState(BookSyncState.OutOfSync, reason, detail);

    /// <summary>Loads a snapshot event, replacing every level.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns><see langword="true"/> when the book is synced afterwards; otherwise it is out of sync with the reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public bool Apply(BookSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        BeginSnapshot();
        return ApplyLevels(Side.Buy, snapshot.Bids.AsSpan(), snapshot.BidsOrder)
            && ApplyLevels(Side.Sell, snapshot.Asks.AsSpan(), snapshot.AsksOrder)
            && CompleteSnapshot(snapshot.LastUpdateId);
    }

    /// <summary>Applies a delta event when the book is synced; a delta received in any other state is refused.</summary>
    /// <param name="delta">The delta.</param>
    /// <returns><see langword="true"/> when the delta was applied and the book is still synced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delta"/> is null.</exception>
    public bool Apply(BookDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (SyncState != BookSyncState.Synced)
        {
            return false;
        }

        if (_offered is { } prepared && ReferenceEquals(prepared.Delta, delta) && ReferenceEquals(prepared.Spec, Spec) && MaxDepth == 0)
        {
            // The calls ApplyLevels makes for a delta of at most one chunk a side, on levels it would have converted alike.
            _offered = null;
            if (!prepared.BidTicks.IsEmpty)
            {
                _bids.SetMany(prepared.BidTicks, prepared.BidLots);
            }

            if (!prepared.AskTicks.IsEmpty)
            {
                _asks.SetMany(prepared.AskTicks, prepared.AskLots);
            }

            return CompleteUpdate(delta.FinalUpdateId);
        }

        return ApplyLevels(Side.Buy, delta.Bids.AsSpan(), delta.BidsOrder)
            && ApplyLevels(Side.Sell, delta.Asks.AsSpan(), delta.AsksOrder)
            && CompleteUpdate(delta.FinalUpdateId);
    }

    /// <summary>
    /// Offers the levels of the next delta already converted: when <see cref="Apply(BookDelta)"/> is given that delta (a
    /// synchronizer may hold it back or drop it) it sets them instead of converting its levels again.
    /// </summary>
    /// <param name="prepared">The delta's levels on this book's grid.</param>
    internal void Offer(PreparedDelta prepared) => _offered = prepared;

    private static int Copy(BookSide side, Span<TickLevel> destination)
    {
        var count = Math.Min(destination.Length, side.Count);
        for (var i = 0; i < count; i++)
        {
            destination[i] = side[i];
        }

        return count;
    }

    private static long SumQuantity(BookSide side, int levels)
    {
        long sum = 0;
        var count = Math.Min(levels, side.Count);
        for (var i = 0; i < count; i++)
        {
            sum += side.QuantityLotsAt(i);
        }

        return sum;
    }

    private BookSide SideOf(Side side) => side switch
    {
        Side.Buy => _bids,
        Side.Sell => _asks,
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, "Side must be Buy or Sell."),
    };

    private void ChangeState(BookSyncState state, OutOfSyncReason reason, string? detail)
    {
        if (SyncState == state && OutOfSyncReason == reason)
        {
            return;
        }

        var previous = SyncState;
        SyncState = state;
        OutOfSyncReason = reason;
        OutOfSyncDetail = detail;
        SyncStateChanged?.Invoke(this, new BookSyncStateChangedEventArgs(previous, state, reason, detail));
    }
}
