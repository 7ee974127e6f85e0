using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using MarketMaking.Models;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MarketMaking.Oms;

/// <summary>
/// An append-only SQLite journal (WAL mode, unless it need not survive a crash) of every order intent, venue answer,
/// order update and fill the OMS applies, read back in order on start to rebuild the orders.
/// </summary>
/// <remarks>
/// <para>One table, <c>journal(seq, ts, kind, venue, client_order_id, body)</c>, with the record as JSON in <c>body</c>.
/// <c>synchronous=FULL</c> by default: a committed record survives a crash of the process or the machine.</para>
/// <para>Written one of two ways. On a thread of its own (<c>ownThread</c>, the OMS's default): an append only hands the
/// record over, and the writer commits what has gathered in one transaction (group commit); the engine loop never
/// waits for the disk. Every record, an order's intent included, is then committed within one batch of being handed
/// over, in order; a crash can lose the last batch, which reconciliation with the venue settles at the next start (as
/// in NautilusTrader, whose cache is written behind and reconciled on start). Whether a new order also waits for its
/// intent's commit before it leaves is the OMS's choice (<see cref="OmsOptions.IntentDurableBeforeSend"/>, through
/// <see cref="WhenDurable"/>). Inline (the default of <see cref="Open"/>): each append is committed before it returns;
/// or, with <c>commitPerBurst</c>, the appends of one burst of the engine loop are committed together when it ends
/// (<see cref="Wake"/>): on the loop's thread, or, with <c>ownThread</c> too (a backtest's choice), handed whole to a
/// thread of their own that commits the bursts in order, one transaction each (the same file as on the loop).</para>
/// <para>Appends come from the engine loop (or, before it starts, from recovery).</para>
/// </remarks>
public sealed class OrderJournal : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly JournalInsert _insert;
    private readonly Lock _connectionGate = new();
    private readonly JournalWriter? _writer;
    private readonly JournalBurstWriter? _burstWriter;
    private readonly bool _writeAheadLog;
    private List<JournalEntry>? _burst;
    private long _appended;
    private bool _disposed;

    private OrderJournal(SqliteConnection connection, bool ownThread, int? writerCpu, ILogger? logger, bool commitPerBurst, bool crashSafe)
    {
        _connection = connection;
        _writeAheadLog = crashSafe;
        _insert = new JournalInsert(connection);

        _writer = ownThread && !commitPerBurst ? new JournalWriter(CommitAll, writerCpu, logger) : null;
        _burstWriter = ownThread && commitPerBurst ? new JournalBurstWriter(CommitAll) : null;
        _burst = commitPerBurst ? [] : null;
    }

    /// <summary>Gets the journal file.</summary>
    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) a journal file.</summary>
    /// <param name="path">The SQLite file.</param>
    /// <param name="durable">Whether each commit is flushed to disk (<c>synchronous=FULL</c>); <see langword="false"/> is faster and survives a process crash but not a power loss.</param>
    /// <param name="ownThread">Whether a thread of its own commits the records in batches (see the remarks); else each append commits before it returns.</param>
    /// <param name="writerCpu">The CPU the writer's thread is pinned to (Linux; with <paramref name="ownThread"/>), or <see langword="null"/> to let the OS schedule it.</param>
    /// <param name="logger">Logs whether the writer's thread was pinned, or <see langword="null"/>.</param>
    /// <param name="exclusive">Whether this process holds the file alone until it closes it (SQLite's exclusive locking mode: no file lock taken and released at each commit; no other process can read it meanwhile).</param>
    /// <param name="commitPerBurst">Whether the appends of one burst of the engine loop are held and committed together when it ends (<see cref="Wake"/>), one transaction per burst: on the loop's thread, or with <paramref name="ownThread"/> on the writer's (<paramref name="writerCpu"/> is then not used). A crash loses the bursts not yet committed.</param>
    /// <param name="crashSafe">Whether the file survives a crash of the process (the write-ahead log, checkpointed at <see cref="Dispose"/>); <see langword="false"/> writes straight into the file with the rollback journal in memory and never syncs it, whatever <paramref name="durable"/> says (<see cref="OmsOptions.CrashSafeJournal"/>).</param>
    /// <returns>The journal.</returns>
    /// <exception cref="SqliteException">The file cannot be opened or is not a journal.</exception>
    public static OrderJournal Open(string path, bool durable = true, bool ownThread = false, int? writerCpu = null, ILogger? logger = null, bool exclusive = false, bool commitPerBurst = false, bool crashSafe = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            // Exclusive before WAL: the write-ahead log's index then lives in memory, not in a shared-memory file.
            // The key is the plain rowid: a journal never deletes, so each record still gets the last number + 1, without
            // AUTOINCREMENT's read and update of sqlite_sequence at every insert (a file made with it keeps it).
            setup.CommandText = $"""
                {(exclusive ? "PRAGMA locking_mode=EXCLUSIVE;" : string.Empty)}
                PRAGMA journal_mode={(crashSafe ? "WAL" : "MEMORY")};
                PRAGMA journal_size_limit=0;
                PRAGMA synchronous={(!crashSafe ? "OFF" : durable ? "FULL" : "NORMAL")};
                CREATE TABLE IF NOT EXISTS journal (
                    seq INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    venue TEXT NOT NULL,
                    client_order_id TEXT,
                    body TEXT NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }

        return new OrderJournal(connection, ownThread, writerCpu, logger, commitPerBurst, crashSafe);
    }

    /// <summary>Appends an order intent, before it is sent (see <see cref="OmsOptions.IntentDurableBeforeSend"/> for whether the send waits for <see cref="WhenDurable"/>).</summary>
    /// <returns>The record's number.</returns>
    public long AppendIntent(OmsOrder order, OrderIntent intent, long counter) => Append(new JournalEntry
    {
        Kind = "intent",
        Timestamp = order.CreatedNanoseconds,
        Venue = order.Venue.Value,
        ClientOrderId = order.ClientOrderId.Value,
        Instrument = order.Instrument.Value,
        Side = order.Side,
        OrderType = order.Type,
        TimeInForce = intent.TimeInForce,
        Quantity = order.Quantity.Value,
        Price = order.LimitPrice?.Value,
        PostOnly = order.PostOnly,
        Strategy = order.Strategy,
        Counter = counter,
    });

    /// <summary>Appends a change reconciliation decided (settling an order from what the venue reported), before it is applied.</summary>
    /// <returns>The record's number.</returns>
    public long AppendTransition(OmsOrder order, OrderEventKind kind, long timestamp, Quantity? quantity = null, Price? price = null) => Append(new JournalEntry
    {
        Kind = "transition",
        Timestamp = timestamp,
        Venue = order.Venue.Value,
        ClientOrderId = order.ClientOrderId.Value,
        VenueOrderId = order.VenueOrderId?.Value,
        Event = kind,
        Quantity = quantity?.Value,
        Price = price?.Value,
    });

    /// <summary>Appends a venue answer, order update, fill or funding payment, as it is applied. Other events are not journaled.</summary>
    /// <returns>Whether the event was journaled.</returns>
    public bool Append(VenueEvent venueEvent)
    {
        // Market data, most of what the loop takes, leaves here: the record below is a large struct, which a switch
        // over every event would zero and copy each time.
        if (venueEvent is not (OrderEntryResult or FillEvent or FundingPayment or OrderUpdate))
        {
            return false;
        }

        Append(EntryOf(venueEvent));
        return true;
    }

    /// <summary>The record of a venue answer, order update, fill or funding payment.</summary>
    private static JournalEntry EntryOf(VenueEvent venueEvent) =>
        venueEvent switch
        {
            OrderEntryResult result => new JournalEntry
            {
                Kind = "result",
                Timestamp = result.TsInit,
                Venue = result.Venue.Value,
                ClientOrderId = result.ClientOrderId.Value,
                VenueOrderId = result.VenueOrderId?.Value,
                Action = result.Action,
                Outcome = result.Outcome,
                ErrorKind = result.Error?.Kind ?? VenueErrorKind.Unspecified,
                Error = result.Error?.ToString(),
                Quantity = result.NewQuantity?.Value,
                Price = result.NewLimitPrice?.Value,
            },
            FillEvent fill => new JournalEntry
            {
                Kind = "fill",
                Timestamp = fill.TsEvent,
                Venue = fill.Venue.Value,
                ClientOrderId = fill.ClientOrderId?.Value,
                VenueOrderId = fill.VenueOrderId.Value,
                Instrument = fill.Instrument.Value,
                Side = fill.Side,
                Quantity = fill.Quantity.Value,
                Price = fill.Price.Value,
                TradeId = fill.TradeId.Value,
                Fee = fill.Fee,
                FeeAsset = fill.FeeAsset?.Value,
                Liquidity = fill.Liquidity,
                Status = fill.OrderStatus,
            },
            FundingPayment funding => new JournalEntry
            {
                Kind = "funding",
                Timestamp = funding.TsEvent,
                Venue = funding.Venue.Value,
                Instrument = funding.Instrument.Value,
                Amount = funding.Amount,
                FeeAsset = funding.Asset.Value,
                Rate = funding.Rate,
                Price = funding.MarkPrice,
            },
            OrderUpdate update => new JournalEntry
            {
                Kind = "update",
                Timestamp = update.TsEvent,
                Venue = update.Venue.Value,
                ClientOrderId = update.ClientOrderId?.Value,
                VenueOrderId = update.VenueOrderId.Value,
                Status = update.Status,
                Error = update.Reason,
            },
            _ => throw new UnreachableException(),
        };

    /// <summary>Reads every record, in the order appended.</summary>
    /// <returns>The records.</returns>
    /// <exception cref="InvalidDataException">A record cannot be read (its sequence number is given).</exception>
    public IEnumerable<JournalEntry> Read()
    {
        _writer?.Flush();
        _burstWriter?.Flush();
        lock (_connectionGate)
        {
            return ReadAll();
        }
    }

    /// <summary>Gets whether an appended record, and every one before it, is committed.</summary>
    /// <param name="sequence">What the append returned.</param>
    /// <returns>Whether it is durable (always, when appends commit inline; at the burst's end, when they commit per burst).</returns>
    public bool IsDurable(long sequence) =>
        _writer?.IsDurable(sequence) ?? _burstWriter?.IsCommitted(sequence) ?? (_burst is null || sequence <= _appended - _burst.Count);

    /// <summary>Waits until an appended record, and every one before it, is committed.</summary>
    /// <param name="sequence">What the append returned.</param>
    /// <returns>Completes then; faults with an <see cref="IOException"/> when the journal could not be written.</returns>
    public Task WhenDurable(long sequence) => _writer?.WhenDurable(sequence) ?? Task.CompletedTask;

    /// <summary>
    /// Wakes the journal's writer for what was appended since it last looked, or commits the burst's records when
    /// they commit per burst (the OMS calls it at the end of each of the loop's bursts).
    /// </summary>
    public void Wake()
    {
        if (_burst is { Count: > 0 })
        {
            if (_burstWriter is not null)
            {
                _burst = _burstWriter.Hand(_burst);
            }
            else
            {
                CommitAll(_burst);
                _burst.Clear();
            }
        }

        _writer?.Wake();
    }

    /// <summary>Gets why the journal's writer stopped (a commit failed: nothing more is written), or <see langword="null"/>.</summary>
    internal Exception? WriteFailure => _writer?.Failure ?? _burstWriter?.Failure;

    private List<JournalEntry> ReadAll()
    {
        var entries = new List<JournalEntry>();
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT seq, body FROM journal ORDER BY seq";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(reader.GetString(1), JournalJson.Default.NullableJournalEntry);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"Journal {Path}: record {reader.GetInt64(0)} cannot be read: {exception.Message}", exception);
            }

            entries.Add(entry ?? throw new InvalidDataException($"Journal {Path}: record {reader.GetInt64(0)} is empty"));
        }

        return entries;
    }

    /// <summary>Returns a pragma's value (for checks such as <c>journal_mode</c>), once what was handed to the writer is committed.</summary>
    /// <remarks>A statement still stepping on the connection would make the writer's COMMIT fail, so it waits as <see cref="Read"/> does.</remarks>
    internal string Pragma(string name)
    {
        _writer?.Flush();
        _burstWriter?.Flush();
        lock (_connectionGate)
        {
            using var query = _connection.CreateCommand();
            query.CommandText = $"PRAGMA {name}";
            return Convert.ToString(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Checkpoints the write-ahead log (when there is one) into the database file and truncates it first, so that after a
    /// clean exit the <c>.db</c> file alone holds every record (a copy of it loses nothing).
    /// </remarks>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Wake();
        _writer?.Dispose();
        _burstWriter?.Dispose();
        if (_writeAheadLog)
        {
            Checkpoint();
        }

        _insert.Dispose();
        _connection.Dispose();
    }

    /// <summary>Copies the write-ahead log into the file and truncates it.</summary>
    private void Checkpoint()
    {
        try
        {
            using var checkpoint = _connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // A checkpoint that fails leaves the records in the WAL, where the next open still reads them.
        }
    }

    private long Append(in JournalEntry entry)
    {
        if (_writer is not null)
        {
            return _writer.Append(entry);
        }

        if (_burst is not null)
        {
            _burst.Add(entry);
        }
        else
        {
            Commit(new ReadOnlySpan<JournalEntry>(in entry));
        }

        return ++_appended;
    }

    /// <summary>Writes a list's records in one transaction, read where they lie.</summary>
    private void CommitAll(List<JournalEntry> entries) => Commit(CollectionsMarshal.AsSpan(entries));

    /// <summary>Writes records in one transaction.</summary>
    private void Commit(ReadOnlySpan<JournalEntry> entries)
    {
        lock (_connectionGate)
        {
            if (entries.Length == 1)
            {
                _insert.Insert(entries[0]);
            }
            else if (entries.Length > 1)
            {
                _insert.InsertAll(entries);
            }
        }
    }
}
