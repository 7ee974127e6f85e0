using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Binary;
using MarketMaking.Simulation.Recordings.Kraken;
using MarketMaking.Simulation.Recordings.Tardis;

namespace MarketMaking.Simulation.Recordings;

/// <summary>The recording formats by name, their readers and their book synchronizers.</summary>
public static class RecordingSources
{
    /// <summary>
    /// The names of the formats the simulator replays (<c>--format</c> values of <c>mm simulate</c> and the host);
    /// <see cref="ParseFormat"/> also knows <c>tardis</c>, which <c>mm book verify</c> reads.
    /// </summary>
    public static readonly IReadOnlyList<string> FormatNames = ["kraken-v2", "kraken-v1", "binance"];

    /// <summary>Creates the reader of a format.</summary>
    /// <param name="format">The format.</param>
    /// <param name="inputs">The files, one continuous stream in the order given.</param>
    /// <param name="onError">Receives each line that could not be read.</param>
    /// <returns>The reader.</returns>
    public static IMarketDataRecordingReader CreateReader(RecordingFormat format, IReadOnlyList<string> inputs, Action<RecordingError> onError) =>
        format switch
        {
            RecordingFormat.KrakenV2 => new KrakenV2RecordingReader(inputs, onError),
            RecordingFormat.KrakenV1 => new KrakenV1RecordingReader(inputs, onError),
            RecordingFormat.Tardis => new TardisCsvRecordingReader(inputs, onError),
            RecordingFormat.Binary => new BinaryRecordingReader(inputs, onError),
            _ => new HftBacktestRecordingReader(inputs, onError),
        };

    /// <summary>Creates the book synchronizer that replays a format's book messages.</summary>
    /// <param name="format">The format.</param>
    /// <returns>A factory of synchronizers for a book.</returns>
    public static Func<OrderBook, IBookSynchronizer> Synchronizer(RecordingFormat format) =>
        format switch
        {
            RecordingFormat.Binance => book => new BinanceDepthSynchronizer(book),
            RecordingFormat.Tardis => book => new TardisBookSynchronizer(book),
            _ => book => new KrakenBookSynchronizer(book),
        };

    /// <summary>
    /// Creates the book synchronizer for recordings of a format; for binary event files, that of the format they were
    /// converted from (read from the first file's header).
    /// </summary>
    /// <param name="format">The format.</param>
    /// <param name="inputs">The recordings.</param>
    /// <returns>A factory of synchronizers for a book.</returns>
    public static Func<OrderBook, IBookSynchronizer> Synchronizer(RecordingFormat format, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return format == RecordingFormat.Binary
            ? Synchronizer(inputs.Select(BinaryRecordingReader.SourceFormat).FirstOrDefault(f => f is not null) ?? RecordingFormat.Binance)
            : Synchronizer(format);
    }

    /// <summary>Reads a format name.</summary>
    /// <param name="text">One of <see cref="FormatNames"/>, <c>tardis</c> or <c>mmev</c> (the binary event files).</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The name is unknown.</exception>
    public static RecordingFormat ParseFormat(string text) => text switch
    {
        "kraken-v2" => RecordingFormat.KrakenV2,
        "kraken-v1" => RecordingFormat.KrakenV1,
        "binance" => RecordingFormat.Binance,
        "tardis" => RecordingFormat.Tardis,
        "mmev" => RecordingFormat.Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown format."),
    };
}
