using MarketMaking.Simulation.Matching;

namespace MarketMaker.Kraken.Tests;

/// <summary>Reads of the simulated venue from the test's thread, while the venue changes its state on its own.</summary>
internal static class SimulatorReads
{
    /// <summary>Copies the resting orders; a copy the venue's own changes interrupted is taken again.</summary>
    public static SimulatedOrder[] Resting(MatchingEngine engine)
    {
        while (true)
        {
            try
            {
                return [.. engine.RestingOrders];
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
            {
                // The list changed during the copy.
            }
        }
    }
}
