namespace MarketMaking.Testing;

/// <summary>Waits for what other tasks (loopback I/O, the engine loop, a subscriber) bring about, without sleeping on a fixed guess.</summary>
internal static class Eventually
{
    /// <summary>Polls every 5 ms of real time, up to <paramref name="rounds"/> times, until the condition holds; fails the test with <paramref name="what"/> otherwise.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="what">What was awaited, for the failure message.</param>
    /// <param name="rounds">How many polls before giving up (2,000 is 10 s).</param>
    /// <returns>Completes when the condition holds.</returns>
    public static async Task WaitForAsync(Func<bool> condition, string what = "the condition", int rounds = 2_000)
    {
        for (var i = 0; i < rounds && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.That(condition(), Is.True, what);
    }
}
