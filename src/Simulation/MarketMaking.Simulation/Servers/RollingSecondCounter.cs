namespace MarketMaking.Simulation.Servers;

/// <summary>
/// A venue's request rate over a rolling second, as MEXC and Bybit count an account's order requests: a request is
/// admitted while fewer than the limit were admitted in the second before it.
/// </summary>
/// <param name="clock">The clock the second is measured on.</param>
internal sealed class RollingSecondCounter(TimeProvider clock)
{
    private readonly Queue<long> _admitted = new();

    /// <summary>Admits a request and counts it, or refuses it uncounted.</summary>
    /// <param name="limit">The requests allowed in any second.</param>
    /// <returns>Whether it is admitted.</returns>
    public bool TryAdmit(int limit)
    {
        lock (_admitted)
        {
            var now = clock.GetUtcNow().UtcTicks;
            while (_admitted.Count > 0 && now - _admitted.Peek() >= TimeSpan.TicksPerSecond)
            {
                _admitted.Dequeue();
            }

            if (_admitted.Count >= limit)
            {
                return false;
            }

            _admitted.Enqueue(now);
            return true;
        }
    }
}
