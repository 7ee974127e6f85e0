using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Marks each of our fills to its book's mid at the fill and 100 ms, 1 s, 5 s, 30 s and 60 s after it, on the engine
/// loop (the mid in force at each horizon: the last one its book showed at or before that time, by the loop's clock).
/// Add it to the loop after the OMS; read <see cref="Summaries"/> once the loop has stopped.
/// </summary>
/// <remarks>A fill whose horizon the run did not reach is left out of that horizon (its count says so).</remarks>
public sealed class MarkoutRecorder : IEngineHandler
{
    private static readonly long[] s_horizonsMilliseconds = [0, 100, 1_000, 5_000, 30_000, 60_000];
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly TimeProvider _clock;
    private readonly Dictionary<(VenueId Venue, InstrumentId Instrument), decimal> _mids = [];
    private readonly PriorityQueue<Pending, (long Deadline, long Sequence)> _pending = new();
    private readonly Sum[,] _sums = new Sum[2, s_horizonsMilliseconds.Length];
    private long _sequence;

    /// <summary>Initializes a recorder.</summary>
    /// <param name="orders">The OMS (which fills it applied).</param>
    /// <param name="books">The books (their mids).</param>
    /// <param name="clock">The loop's clock.</param>
    public MarkoutRecorder(OrderManager orders, BookKeeper books, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(clock);
        (_orders, _books, _clock) = (orders, books, clock);
    }

    /// <inheritdoc/>
    public string Name => "markouts";

    /// <summary>Gets the markouts by side (buys first) and horizon.</summary>
    /// <returns>One row per side and horizon.</returns>
    public IReadOnlyList<MarkoutSummary> Summaries()
    {
        var rows = new List<MarkoutSummary>();
        foreach (var side in new[] { Side.Buy, Side.Sell })
        {
            for (var h = 0; h < s_horizonsMilliseconds.Length; h++)
            {
                var sum = _sums[side == Side.Buy ? 0 : 1, h];
                rows.Add(new MarkoutSummary(side, s_horizonsMilliseconds[h], sum.Fills, sum.Quantity == 0 ? 0 : decimal.Round(sum.WeightedBps / sum.Quantity, 4), decimal.Round(sum.Total, 8)));
            }
        }

        return rows;
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        var now = _clock.GetUnixNanoseconds();

        // Horizons that passed before now: the mids as they were until now.
        Resolve(now, inclusive: false);
        // Only an event that changed a book changes its mid (a trade, most of the market data here, changes none).
        if (venueEvent is MarketDataEvent marketData && _books.LastChanged is { } book)
        {
            if (book.Mid is { } mid)
            {
                _mids[(marketData.Venue, marketData.Instrument)] = mid.Value;
            }
            else
            {
                _mids.Remove((marketData.Venue, marketData.Instrument));
            }
        }

        if (venueEvent is FillEvent fill && ReferenceEquals(_orders.LastAppliedFill, fill))
        {
            for (var h = 0; h < s_horizonsMilliseconds.Length; h++)
            {
                _pending.Enqueue(new Pending(fill, h), (now + (s_horizonsMilliseconds[h] * 1_000_000), _sequence++));
            }
        }

        // Horizons that end now (a fill's own, at 0): the mids as they are now.
        Resolve(now, inclusive: true);
    }

    private void Resolve(long now, bool inclusive)
    {
        while (_pending.TryPeek(out var pending, out var due) && (due.Deadline < now || (inclusive && due.Deadline == now)))
        {
            _pending.Dequeue();
            var fill = pending.Fill;
            if (!_mids.TryGetValue((fill.Venue, fill.Instrument), out var mid) || fill.Price.Value == 0)
            {
                continue;
            }

            var perUnit = fill.Side == Side.Buy ? mid - fill.Price.Value : fill.Price.Value - mid;
            ref var sum = ref _sums[fill.Side == Side.Buy ? 0 : 1, pending.Horizon];
            sum.Fills++;
            sum.Quantity += fill.Quantity.Value;
            sum.WeightedBps += perUnit / fill.Price.Value * 10_000m * fill.Quantity.Value;
            sum.Total += perUnit * fill.Quantity.Value;
        }
    }

    private readonly record struct Pending(FillEvent Fill, int Horizon);

    private struct Sum
    {
        public int Fills;
        public decimal Quantity;
        public decimal WeightedBps;
        public decimal Total;
    }
}
