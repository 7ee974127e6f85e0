using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Binance;

/// <summary>
/// Reads recordings of hftbacktest's collector for Binance spot, USD-M and COIN-M: gzip text, one
/// <c>&lt;receive ts&gt; &lt;raw JSON&gt;</c> per line, the timestamp in ns (19 digits) or µs (16 digits).
/// </summary>
/// <remarks>
/// <para>Payloads are combined-stream envelopes <c>{"stream":"btcusdt@depth@100ms","data":{…}}</c>: <c>depthUpdate</c>
/// becomes a <see cref="BookDelta"/> carrying <c>U</c>, <c>u</c> and (futures) <c>pu</c>; <c>trade</c> a <see cref="Trade"/>
/// (<c>m</c> true means the buyer was the maker, so the aggressor sold); <c>bookTicker</c> a <see cref="TopOfBook"/>
/// with its update id <c>u</c>. A REST depth snapshot line <c>{"lastUpdateId":…,"bids":…,"asks":…}</c> has no symbol:
/// it belongs to the stream of its file and is emitted once that file's symbol is known.</para>
/// <para>Sources: <see href="https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams"/>,
/// <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams"/>,
/// hftbacktest's collector (github.com/nkaz001/hftbacktest, <c>collector/</c>).</para>
/// </remarks>
/// <param name="paths">The files, read in order as one stream.</param>
/// <param name="onError">Receives each unusable line; reading goes on.</param>
/// <param name="venue">The venue to stamp on events; <c>binance</c> by default.</param>
public sealed class HftBacktestRecordingReader(IReadOnlyList<string> paths, Action<RecordingError> onError, VenueId? venue = null)
    : IMarketDataRecordingReader
{
    private readonly VenueId _venue = venue ?? new VenueId("binance");

    /// <inheritdoc/>
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        string? currentFile = null;
        string? fileSymbol = null;
        var pendingSnapshots = new List<(RecordingLine Line, long TsInit, JsonDocument Document)>();
        var events = new List<MarketDataEvent>();
        foreach (var line in RecordingLineSource.ReadLines(paths, onError, cancellationToken))
        {
            if (!ReferenceEquals(line.File, currentFile))
            {
                ReportOrphans(pendingSnapshots);
                currentFile = line.File;
                fileSymbol = null;
            }

            if (!ReceiveTimestamp.TrySplitInteger(line.Text, out var tsInit, out var payloadStart) || payloadStart == 0)
            {
                onError(new RecordingError(line.File, line.Number, "Expected '<receive ts in ns (19 digits) or µs (16 digits)> <JSON>'"));
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line.Text.AsMemory(payloadStart));
            }
            catch (JsonException exception)
            {
                onError(new RecordingError(line.File, line.Number, $"Not valid JSON: {exception.Message}"));
                continue;
            }

            events.Clear();
            var root = document.RootElement;
            var isSnapshot = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("lastUpdateId", out _);
            if (isSnapshot && fileSymbol is null)
            {
                // The snapshot names no symbol: hold it until a stream line of this file names one.
                pendingSnapshots.Add((line, tsInit, document));
                continue;
            }

            using (document)
            {
                var error = TryDecode(root, isSnapshot, fileSymbol, tsInit, events, out var symbol);
                if (error is not null)
                {
                    onError(new RecordingError(line.File, line.Number, error));
                    continue;
                }

                if (fileSymbol is null && symbol is not null)
                {
                    fileSymbol = symbol;
                    foreach (var pending in pendingSnapshots)
                    {
                        using (pending.Document)
                        {
                            var pendingError = TryDecode(pending.Document.RootElement, true, fileSymbol, pending.TsInit, events, out _);
                            if (pendingError is not null)
                            {
                                onError(new RecordingError(pending.Line.File, pending.Line.Number, pendingError));
                            }
                        }
                    }

                    pendingSnapshots.Clear();
                }
            }

            foreach (var marketEvent in events)
            {
                yield return marketEvent;
            }
        }

        ReportOrphans(pendingSnapshots);
    }

    private void ReportOrphans(List<(RecordingLine Line, long TsInit, JsonDocument Document)> pending)
    {
        foreach (var (line, _, document) in pending)
        {
            document.Dispose();
            onError(new RecordingError(line.File, line.Number, "Depth snapshot in a file with no stream line naming its symbol"));
        }

        pending.Clear();
    }

    private string? TryDecode(JsonElement root, bool isSnapshot, string? fileSymbol, long tsInit, List<MarketDataEvent> output, out string? symbol)
    {
        symbol = null;
        try
        {
            if (isSnapshot)
            {
                output.Add(new BookSnapshot(
                    _venue,
                    new InstrumentId(fileSymbol!),
                    ParseLevels(Require(root, "bids")),
                    ParseLevels(Require(root, "asks")),
                    MillisecondsToNanoseconds(root, "E"),
                    tsInit)
                {
                    LastUpdateId = Require(root, "lastUpdateId").GetInt64(),
                });
                return null;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("stream", out var stream) || !root.TryGetProperty("data", out var data))
            {
                return "Expected a combined-stream envelope {\"stream\":…,\"data\":…} or a depth snapshot";
            }

            var streamName = stream.GetString() ?? string.Empty;
            symbol = Require(data, "s").GetString();
            var instrument = InstrumentId.Create(symbol!);
            if (streamName.Contains("@depth", StringComparison.Ordinal))
            {
                output.Add(new BookDelta(_venue, instrument, ParseLevels(Require(data, "b")), ParseLevels(Require(data, "a")), MillisecondsToNanoseconds(data, "E"), tsInit)
                {
                    FirstUpdateId = Require(data, "U").GetInt64(),
                    FinalUpdateId = Require(data, "u").GetInt64(),
                    PreviousFinalUpdateId = data.TryGetProperty("pu", out var previous) ? previous.GetInt64() : null,
                });
            }
            else if (streamName.EndsWith("@trade", StringComparison.Ordinal) || streamName.EndsWith("@aggTrade", StringComparison.Ordinal))
            {
                var id = data.TryGetProperty("t", out var tradeId) ? tradeId : Require(data, "a");
                output.Add(new Trade(
                    _venue,
                    instrument,
                    ParsePrice(Require(data, "p")),
                    ParseQuantity(Require(data, "q")),
                    Require(data, "m").GetBoolean() ? Side.Sell : Side.Buy,
                    new TradeId(id.GetInt64().ToString(CultureInfo.InvariantCulture)),
                    MillisecondsToNanoseconds(data, "T"),
                    tsInit));
            }
            else if (streamName.EndsWith("@bookTicker", StringComparison.Ordinal))
            {
                output.Add(new TopOfBook(
                    _venue,
                    instrument,
                    ParsePrice(Require(data, "b")),
                    ParseQuantity(Require(data, "B")),
                    ParsePrice(Require(data, "a")),
                    ParseQuantity(Require(data, "A")),
                    MillisecondsToNanoseconds(data, "T"),
                    tsInit)
                {
                    UpdateId = Require(data, "u").GetInt64(),
                });
            }

            return null;
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return $"Missing or malformed field: {exception.Message}";
        }
    }

    private static ImmutableArray<BookLevel> ParseLevels(JsonElement levels)
    {
        var builder = ImmutableArray.CreateBuilder<BookLevel>(levels.GetArrayLength());
        foreach (var level in levels.EnumerateArray())
        {
            builder.Add(new BookLevel(ParsePrice(level[0]), ParseQuantity(level[1])));
        }

        return builder.MoveToImmutable();
    }

    private static JsonElement Require(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"missing '{name}'");

    private static Price ParsePrice(JsonElement element) => Price.Parse(element.GetString()!);

    private static Quantity ParseQuantity(JsonElement element) => Quantity.Parse(element.GetString()!);

    private static long MillisecondsToNanoseconds(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() * 1_000_000L : 0;
}
