using System.Diagnostics;

namespace MarketMaking.Cli.Tests;

/// <summary>Runs the built <c>mm</c> as a process, as a user would, and returns its exit code and what it printed.</summary>
internal static class MmProcess
{
    public static (int ExitCode, string Output, string Errors) Run(string? workingDirectory, params string[] arguments)
    {
        using var process = Start(workingDirectory, arguments);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }

    /// <summary>Starts <c>mm</c> with its output and errors redirected, for a test that reads them as they come.</summary>
    public static Process Start(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? string.Empty };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }
}
