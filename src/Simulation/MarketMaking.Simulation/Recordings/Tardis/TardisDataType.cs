namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>The Tardis.dev CSV data types the reader knows.</summary>
internal enum TardisDataType
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary><c>incremental_book_L2</c>: one price level change a row; the rows of one message share a local timestamp.</summary>
    IncrementalBookL2 = 1,

    /// <summary><c>book_snapshot_N</c> (25 or 5): the top N levels of both sides after every change, one row each.</summary>
    BookSnapshot = 2,

    /// <summary><c>trades</c>: one trade a row, with the taker's side.</summary>
    Trades = 3,
}
