using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Oms;

namespace MarketMaking.Simulation.Reporting;

/// <summary>
/// Samples the run once a second of the loop's clock (net PnL, net position, the quoted book's top and our best quotes,
/// as they are after the first event at or past each whole second) and measures, between events, how long our bid and
/// ask rested on the quoted venue and the time-weighted position. Add it to the loop after the inventory; read it once
/// the loop has stopped.
/// </summary>
/// <remarks>
/// The statistics are kept as the samples come (a running mean and variance of the PnL's change, the running peak), so
/// that a stretch without events costs nothing: of a gap longer than a minute only the first
/// and the last sample are kept (the ones between would repeat them), and its unchanged seconds count as changes of 0.
/// </remarks>
public sealed class EquityRecorder : IEngineHandler
{
    /// <summary>The longest stretch without events whose every second is kept as a sample.</summary>
    private const int GapSeconds = 60;

    private const long IntervalNanoseconds = 1_000_000_000;
    private readonly OrderManager _orders;
    private readonly BookKeeper _books;
    private readonly InventoryManager _inventory;
    private readonly TimeProvider _clock;
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;
    private readonly AssetId _baseAsset;
    // Runs of seconds in which nothing sampled changed, as (first sample, seconds): a quiet hour costs one entry.
    private readonly List<(EquitySample First, long Seconds)> _runs = [];
    private EquitySample? _lastSample;
    private long _start = -1;
    private long _last;
    private long _nextSample;
    private bool _hadBid;
    private bool _hadAsk;
    private decimal _position;
    private long _bidNanoseconds;
    private long _askNanoseconds;
    private decimal _positionTime;
    private long _positionSince;
    private decimal _maxPosition;

    // The per-sample changes of the net PnL, summed as they come (Welford's running mean and squared deviations).
    private long _changes;
    private double _meanChange;
    private double _squaredDeviations;
    private double _squaredLosses;
    private decimal _peak;
    private decimal _drawdown;

    /// <summary>Initializes a recorder for the quoted venue and instrument.</summary>
    /// <param name="orders">The OMS (our resting orders).</param>
    /// <param name="books">The books (the quoted top of book).</param>
    /// <param name="inventory">The inventory (PnL and position).</param>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="venue">The quoted venue.</param>
    /// <param name="instrument">The quoted instrument.</param>
    /// <param name="baseAsset">Its base asset (the position is netted over every venue in it).</param>
    public EquityRecorder(OrderManager orders, BookKeeper books, InventoryManager inventory, TimeProvider clock, VenueId venue, InstrumentId instrument, AssetId baseAsset)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(books);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(clock);
        (_orders, _books, _inventory, _clock, _venue, _instrument, _baseAsset) = (orders, books, inventory, clock, venue, instrument, baseAsset);
    }

    /// <inheritdoc/>
    public string Name => "equity";

    /// <summary>Gets how many samples <see cref="Samples"/> gives.</summary>
    internal long SampleCount => _runs.Sum(r => r.Seconds);

    /// <summary>Gets the samples, in time order.</summary>
    public IEnumerable<EquitySample> Samples
    {
        get
        {
            foreach (var (first, seconds) in _runs)
            {
                for (var i = 0L; i < seconds; i++)
                {
                    yield return i == 0 ? first : first with { TimeNanoseconds = first.TimeNanoseconds + (i * IntervalNanoseconds) };
                }
            }
        }
    }

    /// <inheritdoc/>
    public void OnEvent(VenueEvent venueEvent)
    {
        var now = _clock.GetUnixNanoseconds();
        if (_start < 0)
        {
            (_start, _last, _nextSample) = (now, now, now);
        }

        // The state before this event held since the last one.
        var elapsed = now - _last;
        _bidNanoseconds += _hadBid ? elapsed : 0;
        _askNanoseconds += _hadAsk ? elapsed : 0;
        _last = now;

        if (_nextSample <= now)
        {
            // Every whole second since the last event sees the same state: this event's.
            var sample = Sample(_nextSample);
            var seconds = ((now - _nextSample) / IntervalNanoseconds) + 1;
            Record(sample);
            if (seconds > GapSeconds)
            {
                AddUnchanged(seconds - 2);
                Record(sample with { TimeNanoseconds = _nextSample + ((seconds - 1) * IntervalNanoseconds) });
            }
            else
            {
                for (var i = 1; i < seconds; i++)
                {
                    Record(sample with { TimeNanoseconds = _nextSample + (i * IntervalNanoseconds) });
                }
            }

            _nextSample += seconds * IntervalNanoseconds;
        }

        // Counted by the store as orders open and close: no walk of a grid's orders after every event.
        _hadBid = _orders.Store.OpenCountOf(_venue, _instrument, Side.Buy) > 0;
        _hadAsk = _orders.Store.OpenCountOf(_venue, _instrument, Side.Sell) > 0;

        // The time-weighted position is added up when the position changes, not at every event: a decimal product each.
        // Market data never moves it (only our fills and the venues' reports do), so it is not summed again for that.
        if (venueEvent is MarketDataEvent && _positionSince != 0)
        {
            return;
        }

        var position = _inventory.NetPosition(_baseAsset);
        if (position != _position || _positionSince == 0)
        {
            _positionTime += Math.Abs(_position) * (now - _positionSince);
            (_position, _positionSince) = (position, now);
            _maxPosition = Math.Max(_maxPosition, Math.Abs(_position));
        }
    }

    /// <summary>Computes the statistics of the run so far.</summary>
    /// <param name="placed">Orders placed.</param>
    /// <param name="filled">Orders filled, wholly or partly.</param>
    /// <param name="volume">Base units traded.</param>
    /// <param name="turnover">Notional traded, in USD.</param>
    /// <returns>The statistics.</returns>
    public RunStatistics Statistics(int placed, int filled, decimal volume, decimal turnover)
    {
        var mean = _changes > 0 ? _meanChange : 0;
        var deviation = _changes > 1 ? Math.Sqrt(_squaredDeviations / (_changes - 1)) : 0;
        var downside = _changes > 0 ? Math.Sqrt(_squaredLosses / _changes) : 0;
        var drawdown = _drawdown;
        var final = _lastSample?.NetPnl ?? 0;
        var span = Math.Max(1, _last - _start);
        return new RunStatistics(
            IntervalNanoseconds / 1_000_000,
            deviation > 0 ? Math.Round(mean / deviation, 6) : 0,
            downside > 0 ? Math.Round(mean / downside, 6) : 0,
            decimal.Round(drawdown, 2),
            drawdown > 0 ? decimal.Round(final / drawdown, 4) : 0,
            placed > 0 ? decimal.Round((decimal)filled / placed, 4) : 0,
            volume,
            decimal.Round(turnover, 2),
            decimal.Round((decimal)_bidNanoseconds / span, 4),
            decimal.Round((decimal)_askNanoseconds / span, 4),
            decimal.Round((_positionTime + (Math.Abs(_position) * (_last - _positionSince))) / span, 8),
            _maxPosition);
    }

    private void Record(EquitySample sample)
    {
        if (_lastSample is { } last)
        {
            var change = (double)(sample.NetPnl - last.NetPnl);
            _changes++;
            var delta = change - _meanChange;
            _meanChange += delta / _changes;
            _squaredDeviations += delta * (change - _meanChange);
            _squaredLosses += change < 0 ? change * change : 0;
        }

        _peak = Math.Max(_peak, sample.NetPnl);
        _drawdown = Math.Max(_drawdown, _peak - sample.NetPnl);
        _lastSample = sample;
        if (_runs.Count > 0 && _runs[^1] is var (first, seconds)
            && sample == first with { TimeNanoseconds = first.TimeNanoseconds + (seconds * IntervalNanoseconds) })
        {
            _runs[^1] = (first, seconds + 1);
        }
        else
        {
            _runs.Add((sample, 1));
        }
    }

    /// <summary>Counts <paramref name="count"/> changes of 0 at once (Chan et al.'s merge of two groups' moments).</summary>
    private void AddUnchanged(long count)
    {
        if (count <= 0)
        {
            return;
        }

        var total = _changes + count;
        var delta = -_meanChange;
        _squaredDeviations += delta * delta * _changes * count / total;
        _meanChange += delta * count / total;
        _changes = total;
    }

    private EquitySample Sample(long time)
    {
        var book = _books.Books.GetValueOrDefault((_venue, _instrument));
        decimal? ourBid = null, ourAsk = null;
        foreach (var order in _orders.Store.Open(_venue, _instrument))
        {
            if (order.LimitPrice is not { } price)
            {
                continue;
            }

            if (order.Side == Side.Buy)
            {
                ourBid = ourBid is { } bid ? Math.Max(bid, price.Value) : price.Value;
            }
            else
            {
                ourAsk = ourAsk is { } ask ? Math.Min(ask, price.Value) : price.Value;
            }
        }

        var fees = 0m;
        foreach (var position in _inventory.Positions)
        {
            fees += _inventory.ToUsd(position.Assets.Quote, position.FeesPaid);
        }

        var net = _inventory.TotalPnl;
        return new EquitySample(time, decimal.Round(net, 6), decimal.Round(net + fees, 6), _inventory.NetPosition(_baseAsset), book?.Mid?.Value, book?.BestBid?.Price.Value, book?.BestAsk?.Price.Value, ourBid, ourAsk);
    }
}
