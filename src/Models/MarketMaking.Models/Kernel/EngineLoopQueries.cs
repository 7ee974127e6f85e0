namespace MarketMaking.Models;

/// <summary>Reads of the loop's state from any thread, without a lock.</summary>
public static class EngineLoopQueries
{
    /// <summary>
    /// Runs a query on the loop that owns the state it reads: at once when called on the loop, or when no loop runs it
    /// (setup, a test without a loop); else the calling thread waits while the loop runs it between two of its messages.
    /// Once the loop takes no more messages (it drains to stop), the query runs on the calling thread. The query must
    /// copy what it returns and be short.
    /// </summary>
    /// <typeparam name="T">The query's result.</typeparam>
    /// <param name="owner">The loop that owns the state, or <see langword="null"/> when none does (yet).</param>
    /// <param name="query">The query.</param>
    /// <returns>Its result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    public static T Query<T>(this IEngineLoop? owner, Func<T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (owner is not { IsRunning: true, IsOnLoop: false })
        {
            return query();
        }

        try
        {
            return owner.InvokeAsync(query).GetAwaiter().GetResult();
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The loop takes no more messages (it is draining to stop): what it still changes is its last, and a status
            // read at shutdown (a metrics scrape, the final report) reads as it can.
            return query();
        }
    }
}
