namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// The account's new orders in the last 10 s, as Binance counts them against <c>ORDERS</c> per <c>TEN_SECONDS</c>
/// (every answer reports the count in <c>X-MBX-ORDER-COUNT-10S</c>); an order over the limit is refused with 429 and
/// <c>-1015</c>. Source: <see href="https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits"/>. Thread-safe.
/// </summary>
internal sealed class BinanceOrderCounter(int limit, TimeProvider clock)
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(10);
    private readonly Queue<DateTimeOffset> _orders = new();

    public int Limit => limit;

    /// <summary>Counts new orders if they fit the limit.</summary>
    /// <param name="orders">How many the request places.</param>
    /// <param name="enforce">Whether orders over the limit are refused.</param>
    /// <param name="count">The orders in the last 10 s, these included when admitted.</param>
    /// <param name="retryAfterSeconds">When refused, the seconds until the oldest order leaves the window.</param>
    /// <returns>Whether they are admitted.</returns>
    public bool TryCount(int orders, bool enforce, out int count, out int retryAfterSeconds)
    {
        var now = clock.GetUtcNow();
        lock (_orders)
        {
            while (_orders.Count > 0 && now - _orders.Peek() >= s_window)
            {
                _orders.Dequeue();
            }

            if (enforce && _orders.Count + orders > limit)
            {
                count = _orders.Count;
                retryAfterSeconds = (int)Math.Ceiling((s_window - (now - _orders.Peek())).TotalSeconds);
                return false;
            }

            for (var i = 0; i < orders; i++)
            {
                _orders.Enqueue(now);
            }

            count = _orders.Count;
            retryAfterSeconds = 0;
            return true;
        }
    }
}
