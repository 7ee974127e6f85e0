namespace MarketMaker.Kraken.Tests;

/// <summary>How a test plays the market for a live host against a venue simulator until the host quotes.</summary>
internal static class LiveQuoting
{
    /// <summary>
    /// Waits for the host to subscribe the book (it connects by itself), then replays 100 recorded events at a time
    /// until both sides of ours rest at the venue, the host exits, or 400 rounds have passed.
    /// </summary>
    /// <param name="host">The live host.</param>
    /// <param name="bookSubscriptions">Counts the venue's book subscriptions.</param>
    /// <param name="replay">Replays the next 100 events.</param>
    /// <param name="sidesResting">Counts the sides with an order of ours resting.</param>
    /// <returns>The most sides seen resting at once: 2 when the host quoted both.</returns>
    public static async Task<int> UntilBothSidesRestAsync(HostProcess host, Func<Task<int>> bookSubscriptions, Func<Task> replay, Func<Task<int>> sidesResting)
    {
        for (var i = 0; i < 6_000 && await bookSubscriptions() == 0 && !host.HasExited; i++)
        {
            await Task.Delay(10);
        }

        var seen = 0;
        for (var i = 0; i < 400 && seen < 2 && !host.HasExited; i++)
        {
            await replay();
            await Task.Delay(20);
            seen = Math.Max(seen, await sidesResting());
        }

        return seen;
    }
}
