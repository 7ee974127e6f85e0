using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MarketMaking.Oms;

/// <summary>
/// The journal's one insert, through SQLite's own API on the connection's handle: prepared once, its values bound by
/// position as UTF-8 (the record's JSON written straight into a buffer kept between records, <see cref="JournalEntryJson"/>),
/// stepped and reset; and the transaction around a burst of them, its BEGIN IMMEDIATE (as <see cref="SqliteConnection.BeginTransaction()"/>
/// begins one), COMMIT and ROLLBACK prepared once too.
/// </summary>
/// <remarks>
/// The same rows as <see cref="SqliteCommand.ExecuteNonQuery"/> would write, at a fraction of the cost: the command
/// looks each parameter up by name and converts every string to UTF-8 at each execution, and a backtest writes about
/// 12,000 records a run on the same two cores as its replay; <see cref="SqliteConnection.BeginTransaction()"/> parses
/// and prepares its BEGIN and COMMIT anew for each of a run's thousands of bursts. Not thread-safe: the journal calls it
/// under its connection's lock, and opens no other transaction on the connection while one of these is open.
/// </remarks>
internal sealed class JournalInsert : IDisposable
{
    private const string Sql = "INSERT INTO journal (ts, kind, venue, client_order_id, body) VALUES (?1, ?2, ?3, ?4, ?5)";
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly ArrayBufferWriter<byte> _json = new(1024);
    private readonly Utf8JsonWriter _jsonWriter;

    /// <summary>Prepares the insert on an open journal's connection.</summary>
    /// <param name="connection">The connection, open, with the journal table made.</param>
    /// <exception cref="SqliteException">The statement cannot be prepared.</exception>
    public JournalInsert(SqliteConnection connection)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The journal's connection is not open");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, Sql, out _statement), _database);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, "BEGIN IMMEDIATE", out _begin), _database);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, "COMMIT", out _commit), _database);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, "ROLLBACK", out _rollback), _database);
        _jsonWriter = new Utf8JsonWriter(_json);
    }

    /// <summary>Writes one record.</summary>
    /// <param name="entry">The record.</param>
    /// <exception cref="SqliteException">SQLite refused the row (the disk full, the file read-only or damaged).</exception>
    public void Insert(in JournalEntry entry)
    {
        _json.ResetWrittenCount();
        _jsonWriter.Reset(_json);
        JournalEntryJson.Write(_jsonWriter, entry);
        _jsonWriter.Flush();
        Check(raw.sqlite3_bind_int64(_statement, 1, entry.Timestamp));
        Check(BindText(2, entry.Kind));
        Check(BindText(3, entry.Venue));
        Check(entry.ClientOrderId is { } clientOrderId ? BindText(4, clientOrderId) : raw.sqlite3_bind_null(_statement, 4));
        Check(raw.sqlite3_bind_text(_statement, 5, _json.WrittenSpan));
        Step(_statement);
    }

    /// <summary>Writes records in one transaction: all of them, or, when one is refused, none.</summary>
    /// <param name="entries">The records, in order (read where they are: each is a large struct).</param>
    /// <exception cref="SqliteException">SQLite refused a row or the commit; the transaction was rolled back.</exception>
    public void InsertAll(ReadOnlySpan<JournalEntry> entries)
    {
        Step(_begin);
        try
        {
            foreach (ref readonly var entry in entries)
            {
                Insert(entry);
            }

            Step(_commit);
        }
        catch
        {
            // Whatever the failed statement left open is undone; a rollback with none open fails, and is not the error.
            raw.sqlite3_step(_rollback);
            raw.sqlite3_reset(_rollback);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _statement.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _jsonWriter.Dispose();
    }

    private int BindText(int index, string text)
    {
        // The journal's short strings (kind, venue, client order id) on the stack; SQLite copies what it is given.
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        return raw.sqlite3_bind_text(_statement, index, utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
    }

    private void Step(sqlite3_stmt statement)
    {
        var stepped = raw.sqlite3_step(statement);
        var reset = raw.sqlite3_reset(statement);
        Check(stepped == raw.SQLITE_DONE ? reset : stepped);
    }

    private void Check(int code)
    {
        if (code is not raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(code, _database);
        }
    }
}
