using System.Text.Json;

namespace MarketMaker.Kraken.Tests;

/// <summary>
/// The host run in sim mode to the end of its recording, as a process in a folder of its own (deleted with this): its
/// exit code, its output and its summary (<c>market-maker-summary.json</c>).
/// </summary>
internal sealed class FinishedSimRun : IDisposable
{
    private readonly JsonDocument? _summary;

    private FinishedSimRun(string directory, int exitCode, string output, string errors, JsonDocument? summary)
    {
        Directory = directory;
        ExitCode = exitCode;
        Output = output;
        Errors = errors;
        _summary = summary;
    }

    /// <summary>Gets the folder the host ran in.</summary>
    public string Directory { get; }

    /// <summary>Gets the host's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Gets what the host wrote to standard output.</summary>
    public string Output { get; }

    /// <summary>Gets what the host wrote to standard error.</summary>
    public string Errors { get; }

    /// <summary>Gets the summary's root.</summary>
    /// <exception cref="InvalidOperationException">The host wrote no summary.</exception>
    public JsonElement Summary => _summary?.RootElement ?? throw new InvalidOperationException($"No summary written; exit code {ExitCode}: {Errors}");

    /// <summary>Runs the host until it exits (at most 3 minutes), its output written to the test's.</summary>
    /// <param name="folderPrefix">The temporary folder's name prefix.</param>
    /// <param name="environment">Environment variables for the host.</param>
    /// <param name="arguments">The host's arguments.</param>
    /// <returns>The finished run.</returns>
    public static async Task<FinishedSimRun> RunAsync(string folderPrefix, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory(folderPrefix).FullName;
        try
        {
            using var host = HostProcess.Start(directory, environment, arguments);
            var exitCode = await host.WaitForExitAsync(TimeSpan.FromMinutes(3));
            TestContext.Out.WriteLine(host.Output);
            var summaryPath = Path.Combine(directory, "market-maker-summary.json");
            var summary = File.Exists(summaryPath) ? JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath)) : null;
            return new FinishedSimRun(directory, exitCode, host.Output, host.Errors, summary);
        }
        catch
        {
            // A host that did not exit in time (the wait fails the test) or a summary that cannot be read: no run to keep.
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _summary?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
