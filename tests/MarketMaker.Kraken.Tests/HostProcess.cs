using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MarketMaker.Kraken.Tests;

/// <summary>The host run as a process, as a user runs it, with its output captured and its environment controlled.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private HostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output => Read(_output);

    public string Errors => Read(_errors);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>market-maker-kraken</c> from this test's output, in a fresh working directory, without any Kraken or MEXC key from the test's environment.</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "market-maker-kraken.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("KRAKEN_", StringComparison.Ordinal) || k.StartsWith("MEXC_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // Standard input is not a terminal (and at its end at once): live mode never waits for a typed confirmation.
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new HostProcess(process);
    }

    /// <summary>Reads a URL of the host's HTTP endpoint; empty while it does not answer.</summary>
    public static string TryGet(HttpClient http, string url)
    {
        try
        {
            return http.GetStringAsync(new Uri(url)).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Net.Sockets.SocketException)
        {
            // A connection the host's listener dropped while starting can also surface as the socket's own error
            // ("Transport endpoint is not connected", read back from the socket by HttpClient's connect).
            return string.Empty;
        }
    }

    /// <summary>Returns a loopback port free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kill</c> does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit, killing it after the time-out.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the host did not exit within {timeout}; output:\n{Output}\nerrors:\n{Errors}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Still running here means the test stopped early (a failed wait): its output is what explains why.
            _process.Kill(entireProcessTree: true);
            TestContext.Out.WriteLine($"the host was still running; output:\n{Output}\nerrors:\n{Errors}");
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
