using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Recordings.Kraken;

namespace MarketMaking.Cli.Commands;

/// <summary>The recording formats the commands read, and their readers.</summary>
internal static class RecordingSources
{
    /// <summary>The <c>--format</c> values.</summary>
    public static readonly string[] FormatNames = ["kraken-v2", "kraken-v1", "binance"];

    public static IMarketDataRecordingReader CreateReader(RecordingFormat format, IReadOnlyList<string> inputs, Action<RecordingError> onError) =>
        format switch
        {
            RecordingFormat.KrakenV2 => new KrakenV2RecordingReader(inputs, onError),
            RecordingFormat.KrakenV1 => new KrakenV1RecordingReader(inputs, onError),
            _ => new HftBacktestRecordingReader(inputs, onError),
        };

    public static RecordingFormat ParseFormat(string text) => text switch
    {
        "kraken-v2" => RecordingFormat.KrakenV2,
        "kraken-v1" => RecordingFormat.KrakenV1,
        "binance" => RecordingFormat.Binance,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown format."),
    };
}
