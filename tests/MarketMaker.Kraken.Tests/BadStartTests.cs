using MarketMaking.Models;
using MarketMaking.Oms;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Testing;
using Microsoft.Data.Sqlite;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// Starts that cannot go on: each ends with one message saying what is wrong and what to do, its documented exit code,
/// no stack trace, and no order at the venue (live mode against the Kraken-protocol simulator, rate limits on).
/// </summary>
public sealed class BadStartTests
{
    private static readonly InstrumentId s_served = InstrumentId.Create("BTC/USDT");

    public enum Damage
    {
        NotADatabase,
        Truncated,
        Zeroed,
        BadRecord,
        Directory,
        DamagedWriteAheadLog,
    }

    [TestCase(Damage.NotADatabase, "file is not a database")]
    [TestCase(Damage.Truncated, "malformed")]
    [TestCase(Damage.Zeroed, "file is not a database")]
    [TestCase(Damage.BadRecord, "record 3 cannot be read")]
    [TestCase(Damage.Directory, "is a directory, not a journal file")]
    [TestCase(Damage.DamagedWriteAheadLog, "its write-ahead log is damaged")]
    public async Task AJournalTheOmsCannotRebuildFrom_StopsTheStart_WithOneMessage_AndNothingIsSent(Damage damage, string reason)
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var directory = Directory.CreateTempSubdirectory("mm-journal-").FullName;
        try
        {
            var journal = Path.Combine(directory, "journal.db");
            Spoil(journal, damage);
            var before = File.Exists(journal) ? await File.ReadAllBytesAsync(journal) : null;
            var environment = LiveModeTests.AsKraken(server, options);
            environment["Oms__JournalPath"] = journal;
            using var host = HostProcess.Start(directory, environment, "--mode", "live", "--yes", "--metrics-port", "-1");
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2), host.Errors);
                Assert.That(host.Errors, Does.Contain($"Oms:JournalPath '{journal}'").And.Contain(reason).And.Contain("Move the file aside"));
                Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(host.Output, Does.Not.Contain("Trading up"));
                Assert.That(server.Venue.Engines[s_served].RestingOrders, Is.Empty, "no order sent");
                Assert.That(server.BookSubscriptionCount, Is.Zero, "nothing connected");
                if (before is not null)
                {
                    Assert.That(File.ReadAllBytes(journal), Is.EqualTo(before), "the journal is left as it was, for the operator");
                }
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task KeysTheVenueRefuses_StopTheStartWithin15Seconds_WithExitCode3_AndNoOrder()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        var environment = LiveModeTests.AsKraken(server, options);
        environment["KRAKEN_API_SECRET"] = Convert.ToBase64String("not the simulator's secret"u8.ToArray());
        var (exitCode, host) = await StartLiveAsync(environment);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3), host.Errors);
            Assert.That(host.Errors, Does.Contain("Kraken refused the API key").And.Contain("Check KRAKEN_API_KEY and KRAKEN_API_SECRET"));
            Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(host.Errors + host.Output, Does.Not.Contain(environment["KRAKEN_API_SECRET"]), "the secret is never printed");
            Assert.That(server.Venue.Engines[s_served].RestingOrders, Is.Empty, "no order sent");
        });
    }

    [Test]
    public async Task AnUnreachableVenue_StopsTheStartWithin15Seconds_WithExitCode3()
    {
        var closed = HostProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["KRAKEN_API_KEY"] = "key",
            ["KRAKEN_API_SECRET"] = Convert.ToBase64String("secret"u8.ToArray()),
            ["Kraken__RestBaseUrl"] = $"http://127.0.0.1:{closed}/",
            ["Kraken__PublicWebSocketUrl"] = $"ws://127.0.0.1:{closed}/v2",
            ["Kraken__PrivateWebSocketUrl"] = $"ws://127.0.0.1:{closed}/v2-auth",
            ["Inventory__Hedging__Policy"] = "None",
        };
        var (exitCode, host) = await StartLiveAsync(environment);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3), host.Errors);
            Assert.That(host.Errors, Does.Contain("market-maker-kraken could not start: Kraken's instruments could not be read").And.Contain("Connection refused"));
            Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task AMetricsPortInUse_StopsTheStartBeforeAnythingConnects_WithExitCode2()
    {
        var options = new KrakenSimulatorOptions();
        await using var server = await KrakenSimulatorSetup.StartSpotBtcUsdtAsync(options);
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, host) = await StartLiveAsync(LiveModeTests.AsKraken(server, options), "--metrics-port", port);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), host.Errors);
            Assert.That(host.Errors, Does.Contain($"Host:MetricsPort {port} cannot be used on 127.0.0.1").And.Contain("--metrics-port"));
            Assert.That(host.Errors + host.Output, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(server.BookSubscriptionCount, Is.Zero, "nothing connected");
        });
    }

    /// <summary>Starts live mode in a fresh directory and waits at most 15 s for it to give up.</summary>
    private static async Task<(int ExitCode, HostProcess Host)> StartLiveAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        var directory = Directory.CreateTempSubdirectory("mm-start-").FullName;
        var host = HostProcess.Start(directory, environment, ["--mode", "live", "--yes", .. (arguments.Length > 0 ? arguments : ["--metrics-port", "-1"])]);
        try
        {
            return (await host.WaitForExitAsync(TimeSpan.FromSeconds(15)), host);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes a journal of a few orders and damages it.</summary>
    private static void Spoil(string path, Damage damage)
    {
        switch (damage)
        {
            case Damage.NotADatabase:
                File.WriteAllText(path, "orders.csv, not a journal\n");
                return;
            case Damage.Directory:
                Directory.CreateDirectory(path);
                return;
        }

        var journal = OrderJournal.Open(path);
        for (var i = 0; i < 40; i++)
        {
            var order = new OmsOrder(VenueId.Create("kraken"), ClientOrderId.Create($"mm-test-{i}"), s_served, Side.Buy, OrderType.Limit, new Quantity(0.001m), 1_000 + i);
            journal.AppendIntent(order, new OrderIntent(order.Venue, s_served, Side.Buy, OrderType.Limit, order.Quantity) { LimitPrice = new Price(61_000m) }, i + 1);
        }

        if (damage == Damage.DamagedWriteAheadLog)
        {
            // A crash: the records are still in the log, which a disk fault then damages near its end.
            File.Copy(path, path + ".crash");
            File.Copy(path + "-wal", path + ".crash-wal");
            journal.Dispose();
            SqliteConnection.ClearAllPools();
            File.Move(path + ".crash", path, overwrite: true);
            File.Move(path + ".crash-wal", path + "-wal", overwrite: true);
            using var wal = File.Open(path + "-wal", FileMode.Open, FileAccess.ReadWrite);
            wal.Position = wal.Length - 100;
            wal.WriteByte(0xFF);
            wal.WriteByte(0x00);
            return;
        }

        journal.Dispose();
        SqliteConnection.ClearAllPools();
        switch (damage)
        {
            case Damage.Truncated:
                using (var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
                {
                    file.SetLength(file.Length / 2);
                }

                break;
            case Damage.Zeroed:
                File.WriteAllBytes(path, new byte[new FileInfo(path).Length]);
                break;
            case Damage.BadRecord:
                using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    connection.Open();
                    using var update = connection.CreateCommand();
                    update.CommandText = "UPDATE journal SET body = '{\"kind\": \"intent\", \"venue\": ' WHERE seq = 3";
                    update.ExecuteNonQuery();
                }

                break;
        }
    }
}
