namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>Which Tardis.dev CSV data type a file holds, and where its columns are, read from its header line.</summary>
/// <remarks>Source: <see href="https://docs.tardis.dev/downloadable-csv-files/data-types"/>.</remarks>
internal sealed class TardisCsvSchema
{
    private TardisCsvSchema(TardisDataType type, int columns, Dictionary<string, int> index, int depth)
    {
        Type = type;
        Columns = columns;
        Exchange = index["exchange"];
        Symbol = index["symbol"];
        Timestamp = index["timestamp"];
        LocalTimestamp = index["local_timestamp"];
        IsSnapshot = index.GetValueOrDefault("is_snapshot", -1);
        Side = index.GetValueOrDefault("side", -1);
        Price = index.GetValueOrDefault("price", -1);
        Amount = index.GetValueOrDefault("amount", -1);
        Id = index.GetValueOrDefault("id", -1);
        Depth = depth;
        AskPrices = [.. Enumerable.Range(0, depth).Select(i => index[$"asks[{i}].price"])];
        AskAmounts = [.. Enumerable.Range(0, depth).Select(i => index[$"asks[{i}].amount"])];
        BidPrices = [.. Enumerable.Range(0, depth).Select(i => index[$"bids[{i}].price"])];
        BidAmounts = [.. Enumerable.Range(0, depth).Select(i => index[$"bids[{i}].amount"])];
    }

    public TardisDataType Type { get; }

    /// <summary>Gets how many columns every row has.</summary>
    public int Columns { get; }

    public int Exchange { get; }

    public int Symbol { get; }

    public int Timestamp { get; }

    public int LocalTimestamp { get; }

    public int IsSnapshot { get; }

    public int Side { get; }

    public int Price { get; }

    public int Amount { get; }

    public int Id { get; }

    /// <summary>Gets the levels per side of a <c>book_snapshot_N</c> row (0 for the other types).</summary>
    public int Depth { get; }

    public int[] AskPrices { get; }

    public int[] AskAmounts { get; }

    public int[] BidPrices { get; }

    public int[] BidAmounts { get; }

    /// <summary>Reads a header line.</summary>
    /// <param name="header">The first line of the file.</param>
    /// <param name="error">Why it is not a header of a known type.</param>
    /// <returns>The schema, or <see langword="null"/> with <paramref name="error"/>.</returns>
    public static TardisCsvSchema? TryParse(string header, out string error)
    {
        var names = header.Split(',');
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            index.TryAdd(names[i].Trim(), i);
        }

        error = string.Empty;
        if (!new[] { "exchange", "symbol", "timestamp", "local_timestamp" }.All(index.ContainsKey))
        {
            error = "Not a Tardis.dev CSV header: expected exchange, symbol, timestamp and local_timestamp columns";
            return null;
        }

        if (Has(index, "is_snapshot", "side", "price", "amount"))
        {
            return new TardisCsvSchema(TardisDataType.IncrementalBookL2, names.Length, index, 0);
        }

        if (Has(index, "id", "side", "price", "amount"))
        {
            return new TardisCsvSchema(TardisDataType.Trades, names.Length, index, 0);
        }

        var depth = 0;
        while (Has(index, $"asks[{depth}].price", $"asks[{depth}].amount", $"bids[{depth}].price", $"bids[{depth}].amount"))
        {
            depth++;
        }

        if (depth > 0)
        {
            return new TardisCsvSchema(TardisDataType.BookSnapshot, names.Length, index, depth);
        }

        error = "Unknown Tardis.dev CSV data type: the readers know incremental_book_L2, book_snapshot_N and trades";
        return null;
    }

    private static bool Has(Dictionary<string, int> index, params string[] names) => names.All(index.ContainsKey);
}
