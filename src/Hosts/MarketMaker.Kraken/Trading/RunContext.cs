using MarketMaker.Kraken.Simulation;

namespace MarketMaker.Kraken.Trading;

/// <summary>What kind of run this is, decided before the host is built.</summary>
/// <param name="Mode"><c>sim</c> or <c>live</c>.</param>
/// <param name="Markets">The simulated markets in sim mode, else <see langword="null"/>.</param>
/// <param name="Format">The recordings' format name (sim mode).</param>
internal sealed record RunContext(string Mode, SimulatedMarkets? Markets, string Format)
{
    /// <summary>Gets whether this is a sim run.</summary>
    public bool IsSim => Markets is not null;
}
