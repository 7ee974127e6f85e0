namespace MarketMaking.Strategies;

/// <summary>
/// Bollinger band width over one-minute closes: (upper − lower) / middle = 2·k·σ / SMA over the last <c>length</c>
/// closes, as a fraction (0.002 = 20 bps). Closes are taken from a price stream by event time: the last price seen in
/// each minute closes it.
/// </summary>
/// <remarks>Source: J. Bollinger, "Bollinger on Bollinger Bands", 2001 (BandWidth); the seed's volatility settings (<c>bollinger_band_length</c>, <c>bollinger_band_std</c>).</remarks>
public sealed class BollingerBandWidth
{
    private const long MinuteNanoseconds = 60_000_000_000;
    private readonly double[] _closes;
    private readonly double _multiplier;
    private int _next;
    private int _count;
    private long _minute = long.MinValue;
    private double _last;

    /// <summary>Initializes the feature.</summary>
    /// <param name="length">How many one-minute closes (at least 2).</param>
    /// <param name="multiplier">The number of standard deviations each band lies from the middle.</param>
    public BollingerBandWidth(int length, double multiplier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(multiplier);
        _closes = new double[length];
        _multiplier = multiplier;
    }

    /// <summary>Gets whether <c>length</c> closes have been seen.</summary>
    public bool IsReady => _count == _closes.Length;

    /// <summary>Gets the width as a fraction of the middle band, or 0 before it is ready.</summary>
    public double Value { get; private set; }

    /// <summary>Takes a price (a mid or a trade) at its event time; a new minute closes the previous one.</summary>
    /// <param name="price">The price.</param>
    /// <param name="timestampNanoseconds">Its event time in ns since the Unix epoch.</param>
    public void Update(double price, long timestampNanoseconds)
    {
        var minute = timestampNanoseconds / MinuteNanoseconds;
        if (_minute != long.MinValue && minute > _minute)
        {
            Close(_last);
        }

        _minute = minute;
        _last = price;
    }

    private void Close(double close)
    {
        _closes[_next] = close;
        _next = (_next + 1) % _closes.Length;
        _count = Math.Min(_count + 1, _closes.Length);
        if (!IsReady)
        {
            return;
        }

        var mean = 0.0;
        foreach (var value in _closes)
        {
            mean += value;
        }

        mean /= _closes.Length;
        var variance = 0.0;
        foreach (var value in _closes)
        {
            variance += (value - mean) * (value - mean);
        }

        // Population standard deviation, as Bollinger defines the bands.
        var deviation = Math.Sqrt(variance / _closes.Length);
        Value = mean > 0 ? 2 * _multiplier * deviation / mean : 0;
    }
}
