using System.IO.Compression;
using MarketMaking.Testing;

namespace MarketMaker.Kraken.Tests;

/// <summary>A recording that cannot be read whole stops a sim run before anything trades, with the file and line named.</summary>
public sealed class BadRecordingTests
{
    private static readonly string s_recording = RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz");

    [Test]
    public async Task ATruncatedRecording_StopsTheStart_WithItsNameAndExit2_AndNothingTrades()
    {
        var directory = Directory.CreateTempSubdirectory("mm-truncated-").FullName;
        try
        {
            // The first half of the gzip file: a download cut short.
            var bytes = await File.ReadAllBytesAsync(s_recording);
            var truncated = Path.Combine(directory, "spot_btcusdt_20240808.gz");
            await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

            var (exitCode, output, errors) = await RunAsync(directory, truncated);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2));
                Assert.That(errors, Does.Contain("market-maker-kraken cannot start"));
                Assert.That(errors, Does.Contain($"recording {truncated}").And.Contain("truncated or corrupt file"));
                Assert.That(errors + output, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(output, Does.Not.Contain("Trading up").And.Not.Contain("summary"), "nothing started, nothing traded");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task UnreadableLines_InAValidFile_StopTheStart_EachNamedByLine()
    {
        var directory = Directory.CreateTempSubdirectory("mm-garbage-").FullName;
        try
        {
            // The real recording with two lines of garbage written into it, recompressed: the gzip itself is sound.
            var lines = new List<string>();
            await using (var gzip = new GZipStream(File.OpenRead(s_recording), CompressionMode.Decompress))
            using (var reader = new StreamReader(gzip))
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    lines.Add(line);
                }
            }

            lines.Insert(100, "not a recording line");
            lines.Insert(200, "1723161255030314667 {\"stream\":\"btcusdt@trade\",\"data\":");
            var damaged = Path.Combine(directory, "damaged.gz");
            await using (var gzip = new GZipStream(File.Create(damaged), CompressionLevel.Fastest))
            await using (var writer = new StreamWriter(gzip))
            {
                foreach (var line in lines)
                {
                    await writer.WriteLineAsync(line);
                }
            }

            var (exitCode, output, errors) = await RunAsync(directory, damaged);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(2));
                Assert.That(errors, Does.Contain("fix these 2 problems"));
                Assert.That(errors, Does.Contain($"recording {damaged}:101: "), "the first bad line, by number");
                Assert.That(errors, Does.Contain($"recording {damaged}:201: Not valid JSON"), "the second");
                Assert.That(errors + output, Does.Not.Contain("   at "), "no stack trace");
                Assert.That(output, Does.Not.Contain("Trading up"), "nothing started, nothing traded");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string directory, string recording)
    {
        using var host = HostProcess.Start(directory, new Dictionary<string, string>(), "--data", recording, "--metrics-port", "-1");
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, host.Output, host.Errors);
    }
}
