using System.Diagnostics;

namespace MarketMaking.Cli.Tests;

/// <summary>Runs the built <c>mm</c> as a process, as a user would, and returns its exit code and what it printed.</summary>
internal static class MmProcess
{
    public static (int ExitCode, string Output, string Errors) Run(string? workingDirectory, params string[] arguments)
    {
        var mm = Path.Combine(AppContext.BaseDirectory, "mm.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? string.Empty };
        start.ArgumentList.Add(mm);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
