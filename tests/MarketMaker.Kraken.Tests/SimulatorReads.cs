using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Matching;

namespace MarketMaker.Kraken.Tests;

/// <summary>Reads of the simulated venue from the test's thread, while the venue changes its state on its own.</summary>
internal static class SimulatorReads
{
    /// <summary>Copies the orders resting on one instrument, between two of the venue's steps.</summary>
    public static SimulatedOrder[] Resting(KrakenSimulatorServer server, InstrumentId instrument) =>
        server.ReadAsync(venue => venue.Engines[instrument].RestingOrders.ToArray()).GetAwaiter().GetResult();
}
