namespace MarketMaking.Simulation.Recordings;

/// <summary>The recording formats the readers know.</summary>
public enum RecordingFormat
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Kraken WebSocket v2 frames, one per line (optionally ns-prefixed), or the {meta, snapshot, updates} document.</summary>
    KrakenV2 = 1,

    /// <summary>Kraken WebSocket v1 captures in cryptofeed's format.</summary>
    KrakenV1 = 2,

    /// <summary>hftbacktest recordings of Binance spot, USD-M and COIN-M streams.</summary>
    Binance = 3,

    /// <summary>Tardis.dev CSV files: <c>incremental_book_L2</c>, <c>book_snapshot_N</c> and <c>trades</c>.</summary>
    Tardis = 4,

    /// <summary>The project's binary event files (<c>.mmev</c>, <c>mm convert</c>), which name the format they came from.</summary>
    Binary = 5,
}
