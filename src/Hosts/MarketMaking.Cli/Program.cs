using System.CommandLine;
using System.Runtime.InteropServices;
using MarketMaking.Cli.Commands;
using MarketMaking.Strategies.Configuration;

var root = new RootCommand("mm: MarketMaking tools for recorded market data and the venue simulator.");
var book = new Command("book", "Order book tools.");
book.Subcommands.Add(BookVerifyCommand.Create());
root.Subcommands.Add(book);
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(BacktestCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(ControlCommand.Create());

// SIGINT and SIGTERM cancel the command's token and the command ends on its own, printing its summary; without
// this, System.CommandLine ends the process with exit code 130 or 143 before the command can finish.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var parsed = root.Parse(args);

// A mistyped option is a bad argument like any other: exit code 2 (System.CommandLine's own is 1).
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {Readable(error.Message)}");
    }

    Console.Error.WriteLine("Run mm --help, or mm COMMAND --help, for the usage.");
    return 2;
}

return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);

// System.CommandLine names the option's .NET type ("System.Nullable`1[System.Double]"); a user reads the kind of value.
static string Readable(string message) => System.Text.RegularExpressions.Regex.Replace(
    message,
    "expected type '([^']+)'",
    match => Type.GetType(match.Groups[1].Value) is { } type ? SettingDescriptions.Describe(Nullable.GetUnderlyingType(type) ?? type) : match.Value);
