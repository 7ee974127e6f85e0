using System.CommandLine;
using MarketMaking.Cli.Commands;

var root = new RootCommand("mm: MarketMaking tools for recorded market data and the venue simulator.");
var book = new Command("book", "Order book tools.");
book.Subcommands.Add(BookVerifyCommand.Create());
root.Subcommands.Add(book);
root.Subcommands.Add(SimulateCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
