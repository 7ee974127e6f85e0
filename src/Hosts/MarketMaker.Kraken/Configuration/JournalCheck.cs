using MarketMaking.Adapters;
using MarketMaking.Oms;
using Microsoft.Data.Sqlite;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// Reads the journal once before anything connects, so that a journal the OMS could not rebuild from stops the start
/// with one message instead of an exception after the venues are connected: a directory, a file that is not a
/// database (zeroed, truncated, anything else), a record that cannot be read or names an order never created, a
/// write-ahead log with frames SQLite would skip (damaged: records lost without a word).
/// </summary>
internal static class JournalCheck
{
    private const string WhatToDo = "Move the file aside (keep it: it may be needed to recover fills) and start again with an empty journal; positions then start from zero and open orders are reconciled with the venue.";

    /// <summary>Checks the journal.</summary>
    /// <param name="path">The journal file.</param>
    /// <returns>The problem, or <see langword="null"/> when it reads (or does not exist yet).</returns>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
        {
            return $"Oms:JournalPath '{path}' is a directory, not a journal file. {WhatToDo}";
        }

        if (!File.Exists(path))
        {
            return null;
        }

        // Checked on a copy: SQLite folds the log into the database when the last connection closes, which would
        // erase the evidence of a damaged log (and the records the operator may still want).
        var copy = Directory.CreateTempSubdirectory("mm-journal-check-");
        try
        {
            var file = Path.Combine(copy.FullName, "journal.db");
            File.Copy(path, file);
            long walBytes = 0;
            if (File.Exists(path + "-wal"))
            {
                File.Copy(path + "-wal", file + "-wal");
                walBytes = new FileInfo(file + "-wal").Length;
            }

            return DamagedLog(file, walBytes) is { } damaged
                ? $"Oms:JournalPath '{path}': its write-ahead log is damaged ({damaged}); the records in it would be lost. {WhatToDo}"
                : Unreadable(file) is { } unreadable
                    ? $"Oms:JournalPath '{path}' cannot be read: {unreadable.TrimEnd('.')}. {WhatToDo}"
                    : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"Oms:JournalPath '{path}' cannot be read: {exception.Message}";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            copy.Delete(recursive: true);
        }
    }

    /// <summary>Counts the log's frames against the frames SQLite accepts; a valid log has no others (the journal truncates it at each reset).</summary>
    private static string? DamagedLog(string file, long walBytes)
    {
        if (walBytes <= 32)
        {
            return null;
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            connection.Open();
            using var pageSize = connection.CreateCommand();
            pageSize.CommandText = "PRAGMA page_size";
            var page = Convert.ToInt64(pageSize.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            using var reader = checkpoint.ExecuteReader();
            reader.Read();
            var valid = reader.GetInt64(1);
            var written = (walBytes - 32) / (24 + page);
            return written > valid ? $"{written - valid} of its {written} frames fail their checksums" : null;
        }
        catch (SqliteException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>Opens the journal and rebuilds the orders from it, as the OMS will.</summary>
    private static string? Unreadable(string file)
    {
        try
        {
            using var journal = OrderJournal.Open(file);
            using var manager = new OrderManager(new ChannelVenueEventSink(), TimeProvider.System, new ClientOrderIdGenerator(0));
            manager.Restore(journal.Read().ToList());
            return null;
        }
        catch (Exception exception) when (exception is SqliteException or InvalidDataException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return exception.Message;
        }
    }
}
