namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// Binance's request weight per minute, counted in fixed windows on the minute as Binance counts it: every answer
/// reports the weight used (<c>X-MBX-USED-WEIGHT-1M</c>); a request over the limit is answered 429 with the seconds left
/// in the minute as <c>Retry-After</c>. Source: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits"/>.
/// </summary>
internal sealed class BinanceWeightCounter(int limit, TimeProvider clock)
{
    private readonly object _gate = new();
    private long _minute = long.MinValue;
    private int _used;

    public int Limit => limit;

    /// <summary>Charges a request's weight.</summary>
    /// <param name="weight">The endpoint's weight.</param>
    /// <param name="enforce">Whether a request over the limit is refused.</param>
    /// <param name="used">The weight used this minute, this request included when admitted.</param>
    /// <param name="retryAfterSeconds">The seconds left in the minute, when refused.</param>
    /// <returns>Whether the request is admitted.</returns>
    public bool TryCharge(int weight, bool enforce, out int used, out int retryAfterSeconds)
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        lock (_gate)
        {
            if (minute != _minute)
            {
                _minute = minute;
                _used = 0;
            }

            if (enforce && _used + weight > limit)
            {
                used = _used;
                retryAfterSeconds = (int)(60 - (now.ToUnixTimeSeconds() % 60));
                return false;
            }

            _used += weight;
            used = _used;
            retryAfterSeconds = 0;
            return true;
        }
    }
}
