using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings;

/// <summary>Streams the normalized market-data events of a recording, in file order, never loading a file whole.</summary>
/// <remarks>Bad lines are reported through the reader's error callback and skipped; reading goes on.</remarks>
public interface IMarketDataRecordingReader
{
    /// <summary>Reads the events of every input file in order, as one continuous stream.</summary>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The events, lazily.</returns>
    IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default);
}
