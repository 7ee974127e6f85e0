using System.Collections.Immutable;
using System.Globalization;
using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>
/// Turns the rows of one Tardis.dev CSV file into events, lazily: an <c>incremental_book_L2</c> file's rows grouped into
/// the messages they came in (a run of snapshot rows is one <see cref="BookSnapshot"/>; the other rows sharing a local
/// timestamp one <see cref="BookDelta"/>), each <c>book_snapshot_N</c> row a <see cref="BookSnapshot"/>, each
/// <c>trades</c> row a <see cref="Trade"/>. A bad row is reported with its line and skipped.
/// </summary>
/// <remarks>Source: <see href="https://docs.tardis.dev/downloadable-csv-files/data-types"/>.</remarks>
internal sealed class TardisFileReader(string path, Action<RecordingError> onError, VenueId? venue)
{
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken)
    {
        TardisCsvSchema? schema = null;
        var message = new PendingMessage();
        foreach (var line in RecordingLineSource.ReadLines([path], onError, cancellationToken))
        {
            if (schema is null)
            {
                schema = TardisCsvSchema.TryParse(line.Text, out var headerError);
                if (schema is null)
                {
                    onError(new RecordingError(path, line.Number, headerError));
                    yield break;
                }

                continue;
            }

            var fields = line.Text.Split(',');
            if (fields.Length != schema.Columns)
            {
                onError(new RecordingError(path, line.Number, $"Expected {schema.Columns} columns as in the header, found {fields.Length}"));
                continue;
            }

            MarketDataEvent? complete;
            string? error;
            switch (schema.Type)
            {
                case TardisDataType.IncrementalBookL2:
                    error = AddLevel(schema, fields, message, out complete);
                    break;
                case TardisDataType.BookSnapshot:
                    error = Snapshot(schema, fields, out complete);
                    break;
                default:
                    error = Trade(schema, fields, out complete);
                    break;
            }

            if (error is not null)
            {
                onError(new RecordingError(path, line.Number, error));
                continue;
            }

            if (complete is not null)
            {
                yield return complete;
            }
        }

        if (message.Flush() is { } last)
        {
            yield return last;
        }
    }

    private string? AddLevel(TardisCsvSchema schema, string[] fields, PendingMessage message, out MarketDataEvent? complete)
    {
        complete = null;
        if (!TryTimestamps(schema, fields, out var tsEvent, out var tsInit, out var error))
        {
            return error;
        }

        var isSnapshot = fields[schema.IsSnapshot] switch
        {
            "true" => true,
            "false" => false,
            _ => (bool?)null,
        };
        var side = fields[schema.Side] switch
        {
            "bid" => Side.Buy,
            "ask" => Side.Sell,
            _ => Side.Unspecified,
        };
        if (isSnapshot is null)
        {
            return $"is_snapshot '{fields[schema.IsSnapshot]}' is neither true nor false";
        }

        if (side == Side.Unspecified)
        {
            return $"side '{fields[schema.Side]}' is neither bid nor ask";
        }

        if (!Models.Price.TryParse(fields[schema.Price], CultureInfo.InvariantCulture, out var price))
        {
            return $"price '{fields[schema.Price]}' is not a number";
        }

        if (!Quantity.TryParse(fields[schema.Amount], CultureInfo.InvariantCulture, out var amount))
        {
            return $"amount '{fields[schema.Amount]}' is not a non-negative number";
        }

        var instrument = InstrumentId.Create(fields[schema.Symbol]);
        if (!message.Continues(isSnapshot.Value, instrument, tsInit))
        {
            complete = message.Flush();
            message.Start(isSnapshot.Value, venue ?? VenueId.Create(fields[schema.Exchange]), instrument, tsEvent, tsInit);
        }

        message.Add(side, new BookLevel(price, amount));
        return null;
    }

    private string? Snapshot(TardisCsvSchema schema, string[] fields, out MarketDataEvent? complete)
    {
        complete = null;
        if (!TryTimestamps(schema, fields, out var tsEvent, out var tsInit, out var error))
        {
            return error;
        }

        var bids = ImmutableArray.CreateBuilder<BookLevel>(schema.Depth);
        var asks = ImmutableArray.CreateBuilder<BookLevel>(schema.Depth);
        error = Levels(fields, schema.BidPrices, schema.BidAmounts, "bids", bids) ?? Levels(fields, schema.AskPrices, schema.AskAmounts, "asks", asks);
        if (error is not null)
        {
            return error;
        }

        complete = new BookSnapshot(venue ?? VenueId.Create(fields[schema.Exchange]), InstrumentId.Create(fields[schema.Symbol]), bids.DrainToImmutable(), asks.DrainToImmutable(), tsEvent, tsInit);
        return null;
    }

    private string? Trade(TardisCsvSchema schema, string[] fields, out MarketDataEvent? complete)
    {
        complete = null;
        if (!TryTimestamps(schema, fields, out var tsEvent, out var tsInit, out var error))
        {
            return error;
        }

        var side = fields[schema.Side] switch
        {
            "buy" => Side.Buy,
            "sell" => Side.Sell,
            "unknown" => Side.Unspecified,
            _ => (Side?)null,
        };
        if (side is null)
        {
            return $"side '{fields[schema.Side]}' is not buy, sell or unknown";
        }

        if (!Models.Price.TryParse(fields[schema.Price], CultureInfo.InvariantCulture, out var price))
        {
            return $"price '{fields[schema.Price]}' is not a number";
        }

        if (!Quantity.TryParse(fields[schema.Amount], CultureInfo.InvariantCulture, out var amount) || amount.IsZero)
        {
            return $"amount '{fields[schema.Amount]}' is not a positive number";
        }

        complete = new Trade(venue ?? VenueId.Create(fields[schema.Exchange]), InstrumentId.Create(fields[schema.Symbol]), price, amount, side.Value, TradeId.Create(fields[schema.Id]), tsEvent, tsInit);
        return null;
    }

    /// <summary>The levels of one side of a <c>book_snapshot_N</c> row: from the best, until the first empty pair.</summary>
    private static string? Levels(string[] fields, int[] prices, int[] amounts, string side, ImmutableArray<BookLevel>.Builder levels)
    {
        for (var i = 0; i < prices.Length; i++)
        {
            var priceText = fields[prices[i]];
            var amountText = fields[amounts[i]];
            if (priceText.Length == 0 && amountText.Length == 0)
            {
                break;
            }

            if (!Models.Price.TryParse(priceText, CultureInfo.InvariantCulture, out var price) || !Quantity.TryParse(amountText, CultureInfo.InvariantCulture, out var amount))
            {
                return $"{side}[{i}] '{priceText}', '{amountText}' is not a price and a non-negative amount";
            }

            levels.Add(new BookLevel(price, amount));
        }

        return null;
    }

    /// <summary>The exchange's and the local timestamps, µs in the file, in ns; an empty exchange timestamp takes the local one (as Tardis does).</summary>
    private static bool TryTimestamps(TardisCsvSchema schema, string[] fields, out long tsEvent, out long tsInit, out string? error)
    {
        tsEvent = 0;
        error = null;
        if (!TryMicroseconds(fields[schema.LocalTimestamp], out tsInit))
        {
            error = $"local_timestamp '{fields[schema.LocalTimestamp]}' is not µs since the Unix epoch";
            return false;
        }

        if (fields[schema.Timestamp].Length == 0)
        {
            tsEvent = tsInit;
            return true;
        }

        if (!TryMicroseconds(fields[schema.Timestamp], out tsEvent))
        {
            error = $"timestamp '{fields[schema.Timestamp]}' is not µs since the Unix epoch";
            return false;
        }

        return true;
    }

    private static bool TryMicroseconds(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds) || microseconds > long.MaxValue / 1_000)
        {
            return false;
        }

        nanoseconds = microseconds * 1_000;
        return true;
    }
}
