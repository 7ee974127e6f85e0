using MarketMaking.Models;

namespace MarketMaking.Simulation.Recordings.Tardis;

/// <summary>
/// Reads Tardis.dev CSV files (plain or gzip), the field's most common historical format: <c>incremental_book_L2</c>,
/// <c>book_snapshot_25</c> (or any <c>book_snapshot_N</c>) and <c>trades</c>, each file's type told by its header. The
/// files are merged by local (receive) timestamp into one stream, as they were received: a day's book file and trades
/// file read together replay in arrival order; rows with the same timestamp keep the order of the files given.
/// </summary>
/// <remarks>
/// <para>Timestamps are µs since the Unix epoch in the files: <c>timestamp</c> (the exchange's, or the local one when
/// the exchange gives none) becomes <c>TsEvent</c>, <c>local_timestamp</c>
/// <c>TsInit</c>, both in ns. An <c>incremental_book_L2</c> file's rows are grouped into the
/// messages they came in: the rows of one update share a local timestamp; a run of <c>is_snapshot=true</c> rows is one
/// snapshot, which replaces the book (a day's file starts with one, and the feed's reconnections bring more); an amount
/// of 0 removes the level. Updates before the first snapshot are emitted and dropped by the book
/// (<see cref="TardisBookSynchronizer"/>), as Tardis advises. A <c>trades</c> row's <c>side</c> is the taker's:
/// <c>unknown</c> becomes <see cref="Side.Unspecified"/>.</para>
/// <para>A file whose header is not one of these is reported at line 1 and skipped; a row with the wrong number of
/// columns or a bad value is reported with its line and skipped; a truncated gzip is reported. Reading goes on.</para>
/// <para>Source: <see href="https://docs.tardis.dev/downloadable-csv-files/data-types"/>,
/// <see href="https://docs.tardis.dev/faq/data"/>.</para>
/// </remarks>
/// <param name="paths">The files.</param>
/// <param name="onError">Receives each unusable line or file; reading goes on.</param>
/// <param name="venue">The venue to stamp on events; by default each row's <c>exchange</c> (such as <c>deribit</c>).</param>
public sealed class TardisCsvRecordingReader(IReadOnlyList<string> paths, Action<RecordingError> onError, VenueId? venue = null)
    : IMarketDataRecordingReader
{
    /// <inheritdoc/>
    public IEnumerable<MarketDataEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        var files = paths.Select(path => new TardisFileReader(path, onError, venue).ReadEvents(cancellationToken).GetEnumerator()).ToList();
        try
        {
            // One event waits from each file; the earliest goes next (ties: the file given first).
            var next = new PriorityQueue<int, (long TsInit, int File)>(files.Count);
            for (var i = 0; i < files.Count; i++)
            {
                if (files[i].MoveNext())
                {
                    next.Enqueue(i, (files[i].Current.TsInit, i));
                }
            }

            while (next.TryDequeue(out var file, out _))
            {
                yield return files[file].Current;
                if (files[file].MoveNext())
                {
                    next.Enqueue(file, (files[file].Current.TsInit, file));
                }
            }
        }
        finally
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }
}
