using System.CommandLine;
using System.Runtime.InteropServices;
using MarketMaking.Cli.Commands;

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
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
