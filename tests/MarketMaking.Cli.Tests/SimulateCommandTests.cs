using System.Collections.Concurrent;
using System.Diagnostics;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Binance;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Cli.Tests;

/// <summary><c>mm simulate</c> run as a process, with the real Kraken adapter as its client.</summary>
public sealed class SimulateCommandTests
{
    private static ProcessStartInfo Mm(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as its children then do.</summary>
    private static bool InheritsIgnoredSigint()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    /// <summary>Reads the simulator's first lines (its URLs and credentials) until it waits for a client.</summary>
    private static async Task<List<string>> ReadUntilWaitingAsync(Process process)
    {
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("Waiting for a client", StringComparison.Ordinal))
            {
                break;
            }
        }

        return lines;
    }

    [Test]
    public async Task Simulate_ServesTheRecordingToTheKrakenAdapter_ThenPrintsItsSummary()
    {
        using var process = Process.Start(Mm("simulate", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), "--symbol", "BTC/USDT", "--speed", "0"))!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = await ReadUntilWaitingAsync(process);
        string Value(string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
        var events = new ConcurrentQueue<VenueEvent>();
        var sink = new ChannelVenueEventSink();
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                events.Enqueue(venueEvent);
            }
        });
        await using (var client = new KrakenSpotWsClient(
            new KrakenOptions { RestBaseUrl = new Uri(Value("REST")), PublicWebSocketUrl = new Uri(Value("WebSocket")), PrivateWebSocketUrl = new Uri(Value("Private WS")) },
            sink,
            TimeProvider.System))
        {
            await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await client.SubscribeBookAsync(InstrumentId.Create("BTC/USDT"), 10);
            var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync();

            Assert.Multiple(() =>
            {
                Assert.That(process.ExitCode, Is.Zero, errors.Result);
                Assert.That(Value("API key"), Is.Not.Empty);
                Assert.That(rest, Does.Contain("Replayed 41,249 events (the whole recording)"));
                Assert.That(rest, Does.Contain("Balances: BTC 10, USDT 1000000"));
                Assert.That(events.OfType<BookSnapshot>(), Is.Not.Empty);
                Assert.That(events.OfType<BookSyncChanged>().Where(b => b.State == BookSyncState.OutOfSync && b.Reason == OutOfSyncReason.ChecksumMismatch), Is.Empty);
            });
        }
    }

    [Test]
    public async Task SimulateBinanceUsdM_ServesTheRecordingAsItself_ToTheBinanceClient_InSyncToTheEnd()
    {
        using var process = Process.Start(Mm("simulate", "--protocol", "binance-usdm", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz"), "--speed", "0"))!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = await ReadUntilWaitingAsync(process);
        string Value(string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim().Split(' ')[0];
        var instrument = InstrumentId.Create("BTCUSDT");
        var sink = new ChannelVenueEventSink();
        var synced = 0;
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                if (venueEvent is BookSyncChanged { State: BookSyncState.Synced })
                {
                    Interlocked.Increment(ref synced);
                }
            }
        });
        await using var client = new BinanceMarketDataClient(
            new BinanceMarketDataOptions { Market = BinanceMarket.UsdM, RestBaseUrl = new Uri(Value("REST")), StreamBaseUrl = new Uri(Value("Streams")) },
            sink,
            TimeProvider.System);
        Assert.That((await client.SubscribeTopOfBookAsync(instrument)).IsSuccess, Is.True);
        Assert.That((await client.SubscribeBookAsync(instrument)).IsSuccess, Is.True);
        var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync();
        var health = client.HealthOf(instrument)!;

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("Binance UsdM simulator serving BTCUSDT (usdm_btcusdt_20240808.gz)"));
            Assert.That(process.ExitCode, Is.Zero, errors.Result);
            Assert.That(rest, Does.Contain("Replayed 93,954 events (the whole recording); 1 depth snapshots served; 0 requests refused for their weight."));
            Assert.That((health.Snapshots, health.SequenceGaps, health.TopsMismatched, synced), Is.EqualTo((1, 0, 0L, 1)));
            Assert.That(health.TopsMatched, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task SimulateMexcSpot_ServesTheRecordingUnderMexcsProtocol_ToTheMexcClient_InSyncToTheEnd()
    {
        using var process = Process.Start(Mm("simulate", "--protocol", "mexc-spot", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), "--speed", "0"))!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = await ReadUntilWaitingAsync(process);
        string Value(string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim().Split(' ')[0];
        var instrument = InstrumentId.Create("BTCUSDT");
        var (sink, states) = SyncStates();
        var options = new MexcSpotOptions { RestBaseUrl = new Uri(Value("REST")), WebSocketUrl = new Uri(Value("WebSocket")) };
        using var http = new HttpClient();
        var rest = new MexcSpotRestClient(http, options, TimeProvider.System);
        await using var client = new MexcSpotWsClient(options, sink, TimeProvider.System, rest);
        await client.StartAsync();
        Assert.That((await client.SubscribeBookAsync(instrument, 100)).IsSuccess, Is.True);
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("MEXC Spot simulator serving BTCUSDT (spot_btcusdt_20240808.gz)"));
            Assert.That(process.ExitCode, Is.Zero, errors.Result);
            Assert.That(output, Does.Contain("Replayed 41,249 events (the whole recording); 1 depth snapshots served."));
            Assert.That(SyncHistory(states).Where(s => s != "OutOfSync: connection"), Is.EqualTo(new[] { "Synced" }), "synced once by MEXC's versions, out of sync only when the simulator closes at the end");
            Assert.That(client.SnapshotsOf(instrument), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SimulateBybitLinear_ServesTheUsdMRecordingOverBybitV5_ToTheBybitClient_InSyncToTheEnd()
    {
        using var process = Process.Start(Mm("simulate", "--protocol", "bybit-linear", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/usdm_btcusdt_20240808.gz"), "--speed", "0"))!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = await ReadUntilWaitingAsync(process);
        string Value(string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim().Split(' ')[0];
        var instrument = InstrumentId.Create("BTCUSDT");
        var (sink, states) = SyncStates();
        await using var client = new BybitMarketDataClient(BybitCategory.Linear, sink, TimeProvider.System, new Uri(Value("Public WS")));
        Assert.That((await client.SubscribeBookAsync(instrument, 50)).IsSuccess, Is.True);
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("Bybit linear simulator serving BTCUSDT (usdm_btcusdt_20240808.gz)"));
            Assert.That(process.ExitCode, Is.Zero, errors.Result);
            Assert.That(output, Does.Contain("Replayed 93,954 events (the whole recording)."));
            Assert.That(SyncHistory(states).Where(s => s != "OutOfSync: connection"), Is.EqualTo(new[] { "Synced" }), "one snapshot, every delta's u one more than the last, out of sync only when the simulator closes at the end");
        });
    }

    /// <summary>The book's sync states in order, an out-of-sync one tagged with whether the connection was its cause.</summary>
    private static string[] SyncHistory(IEnumerable<BookSyncChanged> states) =>
        [.. states.Select(c => c.State == BookSyncState.OutOfSync ? $"OutOfSync: {(c.Detail?.Contains("connection", StringComparison.Ordinal) == true ? "connection" : c.Detail)}" : c.State.ToString())];

    /// <summary>A sink that keeps the books' sync states as posted.</summary>
    private static (ChannelVenueEventSink Sink, ConcurrentQueue<BookSyncChanged> States) SyncStates()
    {
        var sink = new ChannelVenueEventSink();
        var states = new ConcurrentQueue<BookSyncChanged>();
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                if (venueEvent is BookSyncChanged changed)
                {
                    states.Enqueue(changed);
                }
            }
        });
        return (sink, states);
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task Simulate_StopsOnASignalWithinTwoSeconds_WithItsSummaryAndTheFaultsItInjected(string signal)
    {
        if (signal == "INT" && InheritsIgnoredSigint())
        {
            // A shell starts background jobs with SIGINT ignored, and a child inherits that: no program sees it then.
            Assert.Ignore("SIGINT is ignored in this process (a background job): the child would never receive it.");
        }

        var start = Mm("simulate", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), "--symbol", "BTC/USDT", "--speed", "1", "--faults", "disconnect-every=100");
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = await ReadUntilWaitingAsync(process);
        string Value(string label) => lines.Single(l => l.StartsWith(label, StringComparison.Ordinal))[label.Length..].Trim();
        var sink = new ChannelVenueEventSink();
        var drops = 0;
        _ = Task.Run(async () =>
        {
            await foreach (var venueEvent in sink.Reader.ReadAllAsync())
            {
                if (venueEvent is ConnectionStateChanged { Current: ConnectionState.Reconnecting or ConnectionState.Disconnected })
                {
                    Interlocked.Increment(ref drops);
                }
            }
        });
        await using var client = new KrakenSpotWsClient(
            new KrakenOptions { RestBaseUrl = new Uri(Value("REST")), PublicWebSocketUrl = new Uri(Value("WebSocket")), PrivateWebSocketUrl = new Uri(Value("Private WS")) },
            sink,
            TimeProvider.System);
        await client.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await client.SubscribeBookAsync(InstrumentId.Create("BTC/USDT"), 10);

        // The replay runs (at real speed: 41,249 events take minutes) and has dropped the connection at least once.
        await Eventually.WaitForAsync(() => Volatile.Read(ref drops) > 0, "a fault injected", rounds: 6_000);
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync();
        stopwatch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "stopped within 2 s of the signal");
            Assert.That(process.ExitCode, Is.Zero, errors.Result);
            Assert.That(rest, Does.Contain("Stopped."));
            Assert.That(rest, Does.Match(@"Replayed [0-9,]+ events; "), "the summary, without '(the whole recording)'");
            Assert.That(rest, Does.Match(@"Faults injected: disconnect-every [1-9][0-9]*"), "how many faults of each kind");
            Assert.That(rest, Does.Contain("Balances: "));
        });
    }

    [TestCase("--faults", "bogus=1", "Unknown fault 'bogus'")]
    [TestCase("--symbol", "BTCUSDT", "must be BASE/QUOTE")]
    [TestCase("--speed", "-1", "--speed must be 0")]
    [TestCase("--protocol", "binance-spot", "--symbol BTC/USDT: the recording is of BTCUSDT, and the Binance simulator serves it under its own symbol")]
    [TestCase("--protocol", "binance-coinm", "the Binance simulator knows the trading rules of the bundled recordings' symbols only, not BTCUSDT on binance-coinm")]
    public async Task Simulate_BadArguments_ExitWith2AndSayWhy(string option, string value, string message)
    {
        var symbol = option == "--protocol" && value == "binance-coinm" ? "BTCUSDT" : "BTC/USDT";
        var arguments = new List<string> { "simulate", "--data", RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz"), "--symbol", symbol, option, value };
        if (option == "--symbol")
        {
            arguments.RemoveRange(3, 2);
        }

        using var process = Process.Start(Mm([.. arguments]))!;
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(message));
        });
    }

    [TestCase("kraken", "spot")]
    [TestCase("binance-usdm", "usdm")]
    [TestCase("mexc-spot", "spot")]
    [TestCase("bybit-linear", "usdm")]
    public async Task Simulate_OnAPortAlreadyTaken_ExitsWith2AndOneLine_NamingThePort(string protocol, string market)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var arguments = new List<string> { "simulate", "--protocol", protocol, "--data", RepoPaths.Data($"hftbacktest-binance-2024-08/{market}_btcusdt_20240808.gz"), "--port", port };
        if (protocol == "kraken")
        {
            arguments.AddRange(["--symbol", "BTC/USDT"]);
        }

        using var process = Process.Start(Mm([.. arguments]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(2), errors);
            Assert.That(errors.Trim(), Is.EqualTo($"error: --port {port} cannot be used on 127.0.0.1 (Address already in use); pick another, or 0 for a free one"), "one line, no stack trace");
            Assert.That(await output, Does.Not.Contain("REST"), "nothing served");
        });
    }
}
